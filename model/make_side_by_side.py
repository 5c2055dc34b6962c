"""The model card's picture: the input beside frames of its clip, at full size.

usage: python3 model/make_side_by_side.py FRAMES_DIR --out model/side_by_side.jpg [--frames 0 8 16]
FRAMES_DIR holds 000.png ... 016.png as `./mobilei2v generate --frames-dir` writes them (frame 0 is
the picture fitted to the video size). Frames are stacked top to bottom at their own size, each
labelled, so the picture and what the model made of it can be compared pixel for pixel.
"""
import argparse
import os

from PIL import Image, ImageDraw


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('frames_dir')
    ap.add_argument('--out', required=True)
    ap.add_argument('--frames', type=int, nargs='+', default=[0, 8, 16])
    ap.add_argument('--label', default='')
    args = ap.parse_args()
    ims = [Image.open(os.path.join(args.frames_dir, f'{f:03d}.png')).convert('RGB') for f in args.frames]
    w, h = ims[0].size
    sheet = Image.new('RGB', (w, h * len(ims)))
    for i, (f, im) in enumerate(zip(args.frames, ims)):
        sheet.paste(im, (0, i * h))
        d = ImageDraw.Draw(sheet)
        text = ('frame 0 = the picture' if f == 0 else f'frame {f}') + (f'  ({args.label})' if args.label else '')
        d.rectangle([8, i * h + 8, 8 + 9 * len(text), i * h + 30], fill=(0, 0, 0))
        d.text((14, i * h + 12), text, fill=(255, 255, 255))
    sheet.save(args.out, quality=88)
    print(f'{args.out}: {sheet.size[0]}x{sheet.size[1]}')


if __name__ == '__main__':
    main()
