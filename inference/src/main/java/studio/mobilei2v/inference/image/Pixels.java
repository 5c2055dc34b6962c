package studio.mobilei2v.inference.image;

import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.Raster;

/** Any decoded BufferedImage to opaque sRGB TYPE_INT_RGB, alpha composited over black. */
final class Pixels {
    private Pixels() {
    }

    static BufferedImage toOpaqueRgb(BufferedImage src) {
        BufferedImage fast = fastPath(src);
        if (fast != null) {
            return fast;
        }
        int w = src.getWidth();
        int h = src.getHeight();
        int[] out = new int[w * h];
        ColorModel cm = src.getColorModel();
        if (cm.getColorSpace().getType() == ColorSpace.TYPE_GRAY && cm.getNumColorComponents() == 1) {
            grey(src.getRaster(), cm, out);
        } else {
            // getRGB converts any colour space (ICC profiles, CMYK read by TwelveMonkeys, 16-bit) to sRGB
            int[] row = new int[w];
            for (int y = 0; y < h; y++) {
                src.getRGB(0, y, w, 1, row, 0, w);
                for (int x = 0; x < w; x++) {
                    out[y * w + x] = overBlack(row[x]);
                }
            }
        }
        BufferedImage dst = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        dst.setRGB(0, 0, w, h, out, 0, w);
        return dst;
    }

    /**
     * The layouts most decoders produce (JPEG: 3-byte BGR; PNG: 3/4-byte; BMP: int RGB) in sRGB,
     * converted straight from the raster's array: getRGB's per-pixel colour-model calls cost
     * about half a second on a 12-megapixel photo.
     */
    private static BufferedImage fastPath(BufferedImage src) {
        if (!src.getColorModel().getColorSpace().isCS_sRGB()) {
            return null;
        }
        int type = src.getType();
        if (type == BufferedImage.TYPE_INT_RGB) {
            return src;
        }
        if (type != BufferedImage.TYPE_3BYTE_BGR && type != BufferedImage.TYPE_4BYTE_ABGR) {
            return null;
        }
        java.awt.image.WritableRaster r = src.getRaster();
        if (!(r.getDataBuffer() instanceof java.awt.image.DataBufferByte db) || r.getParent() != null
                || r.getSampleModelTranslateX() != 0 || r.getSampleModelTranslateY() != 0) {
            return null;
        }
        byte[] in = db.getData();
        int w = src.getWidth();
        int h = src.getHeight();
        BufferedImage dst = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        int[] out = ((java.awt.image.DataBufferInt) dst.getRaster().getDataBuffer()).getData();
        if (type == BufferedImage.TYPE_3BYTE_BGR) {
            for (int p = 0, i = 0; p < out.length; p++, i += 3) {
                out[p] = (in[i + 2] & 0xFF) << 16 | (in[i + 1] & 0xFF) << 8 | (in[i] & 0xFF);
            }
        } else {
            for (int p = 0, i = 0; p < out.length; p++, i += 4) {
                int a = in[i] & 0xFF;
                int argb = a << 24 | (in[i + 3] & 0xFF) << 16 | (in[i + 2] & 0xFF) << 8 | (in[i + 1] & 0xFF);
                out[p] = overBlack(argb);
            }
        }
        return dst;
    }

    /**
     * Grey images are read from the raster directly: Java's grey colour space is linear, so
     * getRGB would brighten the (already gamma-encoded) grey levels of PNG/JPEG files.
     */
    private static void grey(Raster r, ColorModel cm, int[] out) {
        int w = r.getWidth();
        int h = r.getHeight();
        int bits = cm.getComponentSize(0);
        double max = (1L << bits) - 1;
        boolean alpha = cm.hasAlpha() && r.getNumBands() > 1;
        double alphaMax = alpha ? (1L << cm.getComponentSize(1)) - 1 : 1;
        int[] g = new int[w];
        int[] a = new int[w];
        for (int y = 0; y < h; y++) {
            r.getSamples(0, y, w, 1, 0, g);
            if (alpha) {
                r.getSamples(0, y, w, 1, 1, a);
            }
            for (int x = 0; x < w; x++) {
                double v = g[x] / max * 255.0;
                if (alpha) {
                    v *= a[x] / alphaMax;
                }
                int c = (int) Math.round(v);
                out[y * w + x] = c << 16 | c << 8 | c;
            }
        }
    }

    /** Non-premultiplied ARGB over black: each channel times alpha. */
    private static int overBlack(int argb) {
        int a = argb >>> 24;
        if (a == 255) {
            return argb & 0xFFFFFF;
        }
        int r = ((argb >> 16) & 0xFF) * a;
        int g = ((argb >> 8) & 0xFF) * a;
        int b = (argb & 0xFF) * a;
        return (r + 127) / 255 << 16 | (g + 127) / 255 << 8 | (b + 127) / 255;
    }
}
