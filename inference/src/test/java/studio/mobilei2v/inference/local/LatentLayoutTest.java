package studio.mobilei2v.inference.local;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

/** The vae-chunk window plan of docs/BUNDLE.md: s_k = clamp(k - W/2, 0, T - W), frames at window position k - s_k. */
class LatentLayoutTest {

    private static int[] starts(int frames, int window) {
        int[] s = new int[frames];
        for (int k = 0; k < frames; k++) {
            s[k] = LatentLayout.windowStart(k, frames, window);
        }
        return s;
    }

    @Test
    void windowStartsFollowTheDocsFormula() {
        assertArrayEquals(new int[]{0, 0, 0}, starts(3, 3), "W = T: one window, the whole latents");
        assertArrayEquals(new int[]{0, 0, 1}, starts(3, 2), "docs example: [z0, z1] then [z1, z2]");
        assertArrayEquals(new int[]{0, 0, 1, 2, 2}, starts(5, 3));
        assertArrayEquals(new int[]{0, 0, 0, 1, 2, 2}, starts(6, 4));
        assertArrayEquals(new int[]{0}, starts(1, 1));
    }

    @Test
    void latentFrameOfAnOutputFrame() {
        assertEquals(0, LatentLayout.latentFrameOf(0, 8));
        assertEquals(1, LatentLayout.latentFrameOf(1, 8));
        assertEquals(1, LatentLayout.latentFrameOf(8, 8));
        assertEquals(2, LatentLayout.latentFrameOf(9, 8));
        assertEquals(2, LatentLayout.latentFrameOf(16, 8));
    }

    @Test
    void outputFramesMapToTheirWindowsFrames() {
        // window 2 of 3: frames 0-8 are window [z0, z1]'s frames 0-8, frames 9-16 window [z1, z2]'s 1-8
        for (int f = 0; f <= 16; f++) {
            int start = LatentLayout.windowStart(LatentLayout.latentFrameOf(f, 8), 3, 2);
            assertEquals(f <= 8 ? 0 : 1, start, "frame " + f);
            assertEquals(f <= 8 ? f : f - 8, LatentLayout.windowFrame(f, start, 8), "frame " + f);
        }
        // window 3 of 5: latent frame 3 decodes from [z2, z3, z4], at position 1: window frames 1-8
        for (int f = 17; f <= 24; f++) {
            int start = LatentLayout.windowStart(LatentLayout.latentFrameOf(f, 8), 5, 3);
            assertEquals(2, start);
            assertEquals(f - 16, LatentLayout.windowFrame(f, start, 8));
        }
    }
}
