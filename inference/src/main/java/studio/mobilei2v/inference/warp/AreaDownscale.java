package studio.mobilei2v.inference.warp;

/**
 * The picture at the output size -> the picture at the nets' working size: each working pixel
 * is the mean of the output pixels it covers (fractional edges weighted by coverage), so no
 * detail aliases into the encoder. For an integer ratio (1280x720 -> 256x144 is 5x) this is a
 * plain box mean, which model/ computes the same way. Values are returned as floats in 0..255.
 */
public final class AreaDownscale {
    private AreaDownscale() {
    }

    /** @return [3, outH, outW] planes in 0..255 (planar, as the graphs take them) */
    public static float[] planes(byte[] rgb, int width, int height, int outW, int outH) {
        if (outW > width || outH > height) {
            throw new IllegalArgumentException("area downscale needs a smaller target: " + width + "x" + height
                    + " -> " + outW + "x" + outH);
        }
        Taps tx = new Taps(width, outW);
        Taps ty = new Taps(height, outH);
        float[] out = new float[3 * outW * outH];
        double[] acc = new double[3 * outW];
        int plane = outW * outH;
        for (int oy = 0; oy < outH; oy++) {
            java.util.Arrays.fill(acc, 0);
            for (int k = ty.start[oy]; k < ty.end[oy]; k++) {
                double wy = ty.weight(oy, k);
                int rowBase = k * width * 3;
                for (int ox = 0; ox < outW; ox++) {
                    double r = 0, g = 0, b = 0;
                    for (int j = tx.start[ox]; j < tx.end[ox]; j++) {
                        double wx = tx.weight(ox, j);
                        int i = rowBase + j * 3;
                        r += wx * (rgb[i] & 0xFF);
                        g += wx * (rgb[i + 1] & 0xFF);
                        b += wx * (rgb[i + 2] & 0xFF);
                    }
                    acc[ox] += wy * r;
                    acc[outW + ox] += wy * g;
                    acc[2 * outW + ox] += wy * b;
                }
            }
            for (int ox = 0; ox < outW; ox++) {
                out[oy * outW + ox] = (float) acc[ox];
                out[plane + oy * outW + ox] = (float) acc[outW + ox];
                out[2 * plane + oy * outW + ox] = (float) acc[2 * outW + ox];
            }
        }
        return out;
    }

    /** Which input pixels each output pixel covers, and by how much (weights sum to 1). */
    private static final class Taps {
        final int[] start;
        final int[] end;
        final double lo[];
        final double scale;

        Taps(int in, int out) {
            scale = (double) in / out;
            start = new int[out];
            end = new int[out];
            lo = new double[out];
            for (int o = 0; o < out; o++) {
                double a = o * scale;
                double b = Math.min(in, (o + 1) * scale);
                lo[o] = a;
                start[o] = (int) Math.floor(a);
                end[o] = Math.min(in, (int) Math.ceil(b - 1e-9));
            }
        }

        double weight(int o, int i) {
            double a = Math.max(lo[o], i);
            double b = Math.min(lo[o] + scale, i + 1);
            return Math.max(0, b - a) / scale;
        }
    }
}
