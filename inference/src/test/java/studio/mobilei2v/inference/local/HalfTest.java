package studio.mobilei2v.inference.local;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class HalfTest {
    @Test
    void knownBitPatterns() {
        assertEquals((short) 0x3C00, Half.fromFloat(1.0f));
        assertEquals((short) 0xC000, Half.fromFloat(-2.0f));
        assertEquals((short) 0x7BFF, Half.fromFloat(65504f));
        assertEquals((short) 0x7C00, Half.fromFloat(1e6f));
        assertEquals((short) 0x0001, Half.fromFloat(5.9604645e-8f)); // smallest subnormal
        assertEquals((short) 0x3555, Half.fromFloat(1f / 3));
        assertEquals(0.33325195f, Half.toFloat((short) 0x3555), 0f);
        assertEquals(5.9604645e-8f, Half.toFloat((short) 0x0001), 0f);
    }

    @Test
    void roundTripOfEveryFiniteHalf() {
        for (int h = 0; h < 0x10000; h++) {
            if ((h & 0x7C00) == 0x7C00) {
                continue; // inf / nan
            }
            float f = Half.toFloat((short) h);
            short back = Half.fromFloat(f);
            if (f == 0f) {
                assertEquals(h & 0x8000, back & 0x8000 & 0xFFFF);
            } else {
                assertEquals(h, back & 0xFFFF, "half 0x" + Integer.toHexString(h));
            }
        }
    }

    @Test
    void roundsHalfwayToEven() {
        float oneUlp = Half.toFloat((short) 0x3C01) - 1f; // 2^-10
        assertEquals((short) 0x3C00, Half.fromFloat(1f + oneUlp / 2));          // tie -> even (0x3C00)
        assertEquals((short) 0x3C02, Half.fromFloat(1f + 3 * oneUlp / 2));      // tie -> even (0x3C02)
    }
}
