"""A picture fitted to a video size as the studio fits it (centre crop, bicubic resize)."""
import numpy as np
import torch
from PIL import Image

from mobilei2v.config import NANO

W, H = NANO['video'][:2]  # the working size the nets see the picture at


def fixture_image(path, w=W, h=H, as_bytes=False):
    """The picture centre-cropped to w x h: float [1,3,h,w] in [-1,1], or uint8 [h,w,3]."""
    im = Image.open(path).convert('RGB')
    iw, ih = im.size
    s = max(w / iw, h / ih)
    im = im.resize((max(w, round(iw * s)), max(h, round(ih * s))), Image.BICUBIC)
    iw, ih = im.size
    l, t = (iw - w) // 2, (ih - h) // 2
    im = im.crop((l, t, l + w, t + h))
    arr = np.asarray(im).copy()
    if as_bytes:
        return arr
    return (torch.from_numpy(arr).permute(2, 0, 1).float() / 127.5 - 1).unsqueeze(0)
