package studio.mobilei2v.inference.image;

import studio.mobilei2v.inference.CropRect;

import java.awt.image.BufferedImage;

/**
 * Crop / pad to the model size. Resampling is separable: each output pixel averages exactly the
 * source area it covers when shrinking (a box filter, no aliasing on 12-megapixel photos) and is
 * bilinear when enlarging. Plain Java arithmetic, so the same input gives the same bytes
 * everywhere.
 */
final class Fitting {
    private Fitting() {
    }

    /** The region's pixels as 0x??RRGGBB ints (direct array copy for the TYPE_INT_RGB images SourceImage holds). */
    static int[] region(BufferedImage src, CropRect r) {
        if (src.getType() == BufferedImage.TYPE_INT_RGB && src.getRaster().getParent() == null
                && src.getRaster().getDataBuffer() instanceof java.awt.image.DataBufferInt db) {
            int[] data = db.getData();
            int[] out = new int[r.width() * r.height()];
            for (int y = 0; y < r.height(); y++) {
                System.arraycopy(data, (r.y() + y) * src.getWidth() + r.x(), out, y * r.width(), r.width());
            }
            return out;
        }
        return src.getRGB(r.x(), r.y(), r.width(), r.height(), null, 0, r.width());
    }

    static byte[] cropResize(BufferedImage src, CropRect r, int dstW, int dstH) {
        int[] region = region(src, r);
        byte[] out = new byte[dstW * dstH * 3];
        resize(region, r.width(), r.height(), out, dstW, dstH, 0, 0, dstW);
        return out;
    }

    static byte[] pad(BufferedImage src, CropRect r, int dstW, int dstH) {
        double scale = Math.min((double) dstW / r.width(), (double) dstH / r.height());
        int w = (int) Math.max(1, Math.min(dstW, Math.round(r.width() * scale)));
        int h = (int) Math.max(1, Math.min(dstH, Math.round(r.height() * scale)));
        int[] region = region(src, r);
        byte[] out = new byte[dstW * dstH * 3]; // zero = black bars
        resize(region, r.width(), r.height(), out, w, h, (dstW - w) / 2, (dstH - h) / 2, dstW);
        return out;
    }

    /** Resizes srcW x srcH RGB ints into a w x h window at (ox, oy) of an RGB byte image stride dstStride. */
    private static void resize(int[] src, int srcW, int srcH, byte[] dst, int w, int h, int ox, int oy, int dstStride) {
        Weights wx = Weights.of(srcW, w);
        Weights wy = Weights.of(srcH, h);
        // horizontal pass: srcH rows x w columns x 3 channels
        float[] tmp = new float[srcH * w * 3];
        for (int y = 0; y < srcH; y++) {
            int rowBase = y * srcW;
            for (int x = 0; x < w; x++) {
                float r = 0, g = 0, b = 0;
                for (int k = wx.start[x], j = 0; j < wx.count[x]; k++, j++) {
                    int p = src[rowBase + k];
                    float wt = wx.weight[x][j];
                    r += ((p >> 16) & 0xFF) * wt;
                    g += ((p >> 8) & 0xFF) * wt;
                    b += (p & 0xFF) * wt;
                }
                int t = (y * w + x) * 3;
                tmp[t] = r;
                tmp[t + 1] = g;
                tmp[t + 2] = b;
            }
        }
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                float r = 0, g = 0, b = 0;
                for (int k = wy.start[y], j = 0; j < wy.count[y]; k++, j++) {
                    int t = (k * w + x) * 3;
                    float wt = wy.weight[y][j];
                    r += tmp[t] * wt;
                    g += tmp[t + 1] * wt;
                    b += tmp[t + 2] * wt;
                }
                int d = ((oy + y) * dstStride + ox + x) * 3;
                dst[d] = clamp(r);
                dst[d + 1] = clamp(g);
                dst[d + 2] = clamp(b);
            }
        }
    }

    private static byte clamp(float v) {
        int i = Math.round(v);
        return (byte) (i < 0 ? 0 : Math.min(i, 255));
    }

    /** Per output index: first source index, count and normalised weights. */
    private static final class Weights {
        final int[] start;
        final int[] count;
        final float[][] weight;

        private Weights(int n) {
            start = new int[n];
            count = new int[n];
            weight = new float[n][];
        }

        static Weights of(int srcLen, int dstLen) {
            Weights ws = new Weights(dstLen);
            double scale = (double) srcLen / dstLen;
            for (int i = 0; i < dstLen; i++) {
                if (scale >= 1.0) {
                    // box: the source interval [i*scale, (i+1)*scale) weighted by overlap
                    double lo = i * scale;
                    double hi = (i + 1) * scale;
                    int first = (int) Math.floor(lo);
                    int last = Math.min(srcLen - 1, (int) Math.ceil(hi) - 1);
                    float[] w = new float[last - first + 1];
                    double sum = 0;
                    for (int k = first; k <= last; k++) {
                        double ov = Math.min(hi, k + 1) - Math.max(lo, k);
                        w[k - first] = (float) Math.max(0, ov);
                        sum += w[k - first];
                    }
                    for (int k = 0; k < w.length; k++) {
                        w[k] = (float) (w[k] / sum);
                    }
                    ws.start[i] = first;
                    ws.count[i] = w.length;
                    ws.weight[i] = w;
                } else {
                    // bilinear with pixel centres aligned
                    double c = (i + 0.5) * scale - 0.5;
                    c = Math.max(0, Math.min(srcLen - 1, c));
                    int k0 = (int) Math.floor(c);
                    int k1 = Math.min(srcLen - 1, k0 + 1);
                    float f = (float) (c - k0);
                    ws.start[i] = k0;
                    if (k1 == k0) {
                        ws.count[i] = 1;
                        ws.weight[i] = new float[]{1f};
                    } else {
                        ws.count[i] = 2;
                        ws.weight[i] = new float[]{1f - f, f};
                    }
                }
            }
            return ws;
        }
    }
}
