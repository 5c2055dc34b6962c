package studio.mobilei2v.inference.warp;

import java.util.stream.IntStream;

import static studio.mobilei2v.inference.bundle.DecoderSpec.*;

/**
 * The frame a flow-warp decoder describes, at the output size (docs/BUNDLE.md, "Flow-warp
 * decoder"): with the low-resolution maps upsampled bilinearly (PyTorch's
 * {@code interpolate(mode='bilinear', align_corners=False)}),
 * <pre>  frame = v * picture(p + flow) * gain + (1 - v) * synthesised,  v = visibility * inside(p + flow)</pre>
 * where picture(q) is the picture at the output size sampled bilinearly with border padding
 * and inside(q) falls from 1 at the picture's edge to 0 two pixels beyond it
 * ({@code grid_sample(align_corners=False, padding_mode='border')}), all in 0..255, then
 * clamped and rounded. model/mobilei2v/flow_decoder.py's compose() is the same formula.
 *
 * <p>Resolution-free: the same maps make a 640x360 or a 1920x1080 frame. Rows are split over
 * the common fork-join pool (ONNX Runtime's GridSample parallelises over channels only, so a
 * Java pass over pixels is faster for three channels). Stateless and thread-safe.
 */
public final class FlowWarp {
    // map channels in the decoder graph's output order: one definition, DecoderSpec's
    private static final int CHANNELS = MAP_CHANNELS;
    private static final int BAND_ROWS = 16;

    private FlowWarp() {
    }

    /**
     * @param picture RGB bytes of the picture at the output size (width x height)
     * @param maps    [9, mapHeight, mapWidth] float maps as the decoder returns them
     * @return packed RGB bytes of the frame, width x height
     */
    public static byte[] compose(byte[] picture, int width, int height, float[] maps, int mapWidth, int mapHeight) {
        if (picture.length != width * height * 3) {
            throw new IllegalArgumentException("picture has " + picture.length + " bytes, " + width + "x" + height
                    + " RGB needs " + (width * height * 3));
        }
        if (maps.length != CHANNELS * mapWidth * mapHeight) {
            throw new IllegalArgumentException("maps have " + maps.length + " values, 9x" + mapHeight + "x" + mapWidth
                    + " needs " + (CHANNELS * mapWidth * mapHeight));
        }
        Axis xs = new Axis(width, mapWidth);
        byte[] out = new byte[width * height * 3];
        int bands = (height + BAND_ROWS - 1) / BAND_ROWS;
        IntStream.range(0, bands).parallel().forEach(b -> {
            float[] row = new float[CHANNELS * mapWidth];
            int end = Math.min(height, (b + 1) * BAND_ROWS);
            for (int y = b * BAND_ROWS; y < end; y++) {
                mapRow(maps, mapWidth, mapHeight, height, y, row);
                composeRow(picture, width, height, y, row, mapWidth, xs, out);
            }
        });
        return out;
    }

    /** Vertical interpolation of every map channel for output row y into row[c * mapWidth + mx]. */
    private static void mapRow(float[] maps, int mw, int mh, int height, int y, float[] row) {
        float src = Math.max(0f, (float) mh / height * (y + 0.5f) - 0.5f);
        int y0 = Math.min((int) src, mh - 1);
        int y1 = Math.min(y0 + 1, mh - 1);
        float wy = src - y0;
        int plane = mw * mh;
        for (int c = 0; c < CHANNELS; c++) {
            int a = c * plane + y0 * mw;
            int b = c * plane + y1 * mw;
            int o = c * mw;
            for (int x = 0; x < mw; x++) {
                row[o + x] = maps[a + x] + (maps[b + x] - maps[a + x]) * wy;
            }
        }
    }

    private static void composeRow(byte[] pic, int width, int height, int y, float[] row, int mw, Axis xs, byte[] out) {
        float halfW = width / 2f;
        float halfH = height / 2f;
        int stride = width * 3;
        for (int x = 0; x < width; x++) {
            int i0 = xs.lo[x];
            int i1 = xs.hi[x];
            float wx = xs.w[x];
            float fx = lerp(row, FLOW_X * mw, i0, i1, wx);
            float fy = lerp(row, FLOW_Y * mw, i0, i1, wx);
            // grid_sample, align_corners=False: pixel coordinate of normalised (p + flow)
            float gx = (x + 0.5f) / halfW - 1f + fx;
            float gy = (y + 0.5f) / halfH - 1f + fy;
            // nothing beyond the picture's edge can be visible (a 2-pixel ramp, as compose() has it)
            float vis = lerp(row, VISIBILITY * mw, i0, i1, wx) * ramp(gx, width) * ramp(gy, height);
            float sx = clamp(x + fx * halfW, width - 1);
            float sy = clamp(y + fy * halfH, height - 1);
            int px = (int) sx;
            int py = (int) sy;
            float ax = sx - px;
            float ay = sy - py;
            int px1 = Math.min(px + 1, width - 1);
            int py1 = Math.min(py + 1, height - 1);
            int r0 = py * stride;
            int r1 = py1 * stride;
            int o = (y * width + x) * 3;
            for (int c = 0; c < 3; c++) {
                float p00 = pic[r0 + px * 3 + c] & 0xFF;
                float p01 = pic[r0 + px1 * 3 + c] & 0xFF;
                float p10 = pic[r1 + px * 3 + c] & 0xFF;
                float p11 = pic[r1 + px1 * 3 + c] & 0xFF;
                float top = p00 + (p01 - p00) * ax;
                float bottom = p10 + (p11 - p10) * ax;
                float warped = top + (bottom - top) * ay;
                float gain = lerp(row, (GAIN + c) * mw, i0, i1, wx);
                float synth = (lerp(row, (SYNTH + c) * mw, i0, i1, wx) + 1f) * 127.5f;
                float v = vis * warped * gain + (1f - vis) * synth;
                v = v < 0f ? 0f : Math.min(v, 255f);
                out[o + c] = (byte) (int) Math.rint(v);
            }
        }
    }

    private static float lerp(float[] row, int base, int i0, int i1, float w) {
        float a = row[base + i0];
        return a + (row[base + i1] - a) * w;
    }

    private static float ramp(float g, int size) {
        float r = (1f - Math.abs(g)) * (size / 4f) + 1f;
        return r < 0f ? 0f : Math.min(r, 1f);
    }

    private static float clamp(float v, int max) {
        return v < 0f ? 0f : Math.min(v, max);
    }

    /** Bilinear taps along one axis from output pixels to map cells (align_corners=False). */
    private static final class Axis {
        final int[] lo;
        final int[] hi;
        final float[] w;

        Axis(int out, int in) {
            lo = new int[out];
            hi = new int[out];
            w = new float[out];
            float scale = (float) in / out;
            for (int i = 0; i < out; i++) {
                float src = Math.max(0f, scale * (i + 0.5f) - 0.5f);
                lo[i] = Math.min((int) src, in - 1);
                hi[i] = Math.min(lo[i] + 1, in - 1);
                w[i] = src - lo[i];
            }
        }
    }
}
