package studio.mobilei2v.inference.warp;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

/** The warp's formula on maps whose answer is known exactly. */
class FlowWarpTest {
    private static final int W = 64, H = 36, MW = 16, MH = 9;

    private static byte[] picture(long seed) {
        byte[] p = new byte[W * H * 3];
        new Random(seed).nextBytes(p);
        return p;
    }

    /** Maps with a constant flow (normalised units), visibility, gain and synthesised value. */
    private static float[] maps(float fx, float fy, float vis, float gain, float synth) {
        float[] m = new float[9 * MW * MH];
        float[] per = {fx, fy, vis, gain, gain, gain, synth, synth, synth};
        for (int c = 0; c < 9; c++) {
            java.util.Arrays.fill(m, c * MW * MH, (c + 1) * MW * MH, per[c]);
        }
        return m;
    }

    @Test
    void zeroFlowFullVisibilityUnitGainIsThePictureItself() {
        byte[] p = picture(1);
        assertArrayEquals(p, FlowWarp.compose(p, W, H, maps(0, 0, 1, 1, 0), MW, MH));
    }

    @Test
    void aFlowOfWholePixelsShiftsThePictureByThem() {
        byte[] p = picture(2);
        // 4 px to the right in a 64-px-wide frame is 4 / 32 in normalised units: frame(x) = picture(x + 4)
        byte[] out = FlowWarp.compose(p, W, H, maps(4f / (W / 2f), -3f / (H / 2f), 1, 1, 0), MW, MH);
        for (int y = 3; y < H; y++) {
            for (int x = 0; x < W - 4; x++) {
                for (int c = 0; c < 3; c++) {
                    assertEquals(p[((y - 3) * W + x + 4) * 3 + c], out[(y * W + x) * 3 + c], "pixel " + x + "," + y);
                }
            }
        }
        // beyond the picture's right edge nothing is visible, whatever the visibility map says:
        // the synthesised value (0 -> 127.5, rounded half to even: 128) shows there
        for (int c = 0; c < 3; c++) {
            assertEquals(128, out[(3 * W + W - 2) * 3 + c] & 0xFF);
        }
    }

    @Test
    void invisiblePointsShowTheSynthesisedImageAndGainScalesTheWarp() {
        byte[] p = picture(3);
        byte[] hidden = FlowWarp.compose(p, W, H, maps(0.3f, 0.1f, 0, 1, 0.2f), MW, MH);
        for (byte b : hidden) {
            assertEquals(153, b & 0xFF, "(0.2 + 1) * 127.5 rounds to 153");
        }
        byte[] dim = FlowWarp.compose(p, W, H, maps(0, 0, 1, 0.5f, 0), MW, MH);
        for (int i = 0; i < p.length; i++) {
            assertEquals(Math.rint((p[i] & 0xFF) * 0.5), dim[i] & 0xFF, 0.0, "byte " + i);
        }
    }

    @Test
    void theSameMapsMakeAnyOutputSize() {
        byte[] small = new byte[32 * 18 * 3];
        new Random(4).nextBytes(small);
        byte[] out = FlowWarp.compose(small, 32, 18, maps(0, 0, 1, 1, 0), MW, MH);
        assertArrayEquals(small, out);
    }

    @Test
    void wrongSizesAreNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> FlowWarp.compose(new byte[10], W, H, maps(0, 0, 1, 1, 0), MW, MH));
        assertTrue(e.getMessage().contains("64x36"), e.getMessage());
    }
}
