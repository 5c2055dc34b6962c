package studio.mobilei2v.inference.warp;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

class AreaDownscaleTest {

    @Test
    void anIntegerRatioIsABoxMean() {
        int w = 10, h = 6;
        byte[] rgb = new byte[w * h * 3];
        new Random(5).nextBytes(rgb);
        float[] out = AreaDownscale.planes(rgb, w, h, 2, 3); // 5 x 2 boxes
        for (int c = 0; c < 3; c++) {
            for (int oy = 0; oy < 3; oy++) {
                for (int ox = 0; ox < 2; ox++) {
                    double sum = 0;
                    for (int y = oy * 2; y < oy * 2 + 2; y++) {
                        for (int x = ox * 5; x < ox * 5 + 5; x++) {
                            sum += rgb[(y * w + x) * 3 + c] & 0xFF;
                        }
                    }
                    assertEquals(sum / 10, out[c * 6 + oy * 2 + ox], 1e-4, "c" + c + " " + ox + "," + oy);
                }
            }
        }
    }

    @Test
    void aFractionalRatioKeepsAFlatPictureFlat() {
        int w = 1920, h = 1080;
        byte[] rgb = new byte[w * h * 3];
        java.util.Arrays.fill(rgb, (byte) 200);
        float[] out = AreaDownscale.planes(rgb, w, h, 256, 144); // 7.5x
        for (float v : out) {
            assertEquals(200f, v, 1e-3f);
        }
    }

    @Test
    void refusesToUpscale() {
        assertThrows(IllegalArgumentException.class, () -> AreaDownscale.planes(new byte[12], 2, 2, 4, 4));
    }
}
