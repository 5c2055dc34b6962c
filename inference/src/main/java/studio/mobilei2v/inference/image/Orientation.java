package studio.mobilei2v.inference.image;

import java.awt.image.BufferedImage;

/** Applies an EXIF orientation (1..8) so the picture is upright, as viewers show it. */
final class Orientation {
    private Orientation() {
    }

    static BufferedImage apply(BufferedImage src, int orientation) {
        if (orientation <= 1 || orientation > 8) {
            return src;
        }
        int w = src.getWidth();
        int h = src.getHeight();
        boolean swap = orientation >= 5;
        int ow = swap ? h : w;
        int oh = swap ? w : h;
        int[] in = Fitting.region(src, new studio.mobilei2v.inference.CropRect(0, 0, w, h));
        BufferedImage dst = new BufferedImage(ow, oh, BufferedImage.TYPE_INT_RGB);
        int[] out = ((java.awt.image.DataBufferInt) dst.getRaster().getDataBuffer()).getData();
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int nx;
                int ny;
                switch (orientation) {
                    case 2 -> { nx = w - 1 - x; ny = y; }          // mirror horizontal
                    case 3 -> { nx = w - 1 - x; ny = h - 1 - y; }  // rotate 180
                    case 4 -> { nx = x; ny = h - 1 - y; }          // mirror vertical
                    case 5 -> { nx = y; ny = x; }                  // transpose
                    case 6 -> { nx = h - 1 - y; ny = x; }          // rotate 90 clockwise
                    case 7 -> { nx = h - 1 - y; ny = w - 1 - x; }  // transverse
                    default -> { nx = y; ny = w - 1 - x; }         // 8: rotate 90 counter-clockwise
                }
                out[ny * ow + nx] = in[y * w + x] & 0xFFFFFF;
            }
        }
        return dst;
    }
}
