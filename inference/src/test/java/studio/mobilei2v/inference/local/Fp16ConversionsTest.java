package studio.mobilei2v.inference.local;

import org.junit.jupiter.api.Test;

import static ai.onnxruntime.platform.Fp16Conversions.floatToFp16;
import static ai.onnxruntime.platform.Fp16Conversions.fp16ToFloat;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * What the pipeline relies on from ONNX Runtime's own fp16 conversions (used for FLOAT16 graph
 * inputs and outputs instead of a hand-written converter): exact bit patterns, every finite half
 * round-trips, ties round to even.
 */
class Fp16ConversionsTest {
    @Test
    void knownBitPatterns() {
        assertEquals((short) 0x3C00, floatToFp16(1.0f));
        assertEquals((short) 0xC000, floatToFp16(-2.0f));
        assertEquals((short) 0x7BFF, floatToFp16(65504f));
        assertEquals((short) 0x7C00, floatToFp16(1e6f));
        assertEquals((short) 0x0001, floatToFp16(5.9604645e-8f)); // smallest subnormal
        assertEquals((short) 0x3555, floatToFp16(1f / 3));
        assertEquals(0.33325195f, fp16ToFloat((short) 0x3555), 0f);
        assertEquals(5.9604645e-8f, fp16ToFloat((short) 0x0001), 0f);
    }

    @Test
    void roundTripOfEveryFiniteHalf() {
        for (int h = 0; h < 0x10000; h++) {
            if ((h & 0x7C00) == 0x7C00) {
                continue; // inf / nan
            }
            float f = fp16ToFloat((short) h);
            short back = floatToFp16(f);
            if (f == 0f) {
                assertEquals(h & 0x8000, back & 0x8000 & 0xFFFF);
            } else {
                assertEquals(h, back & 0xFFFF, "half 0x" + Integer.toHexString(h));
            }
        }
    }

    @Test
    void roundsHalfwayToEven() {
        float oneUlp = fp16ToFloat((short) 0x3C01) - 1f; // 2^-10
        assertEquals((short) 0x3C00, floatToFp16(1f + oneUlp / 2));          // tie -> even (0x3C00)
        assertEquals((short) 0x3C02, floatToFp16(1f + 3 * oneUlp / 2));      // tie -> even (0x3C02)
    }
}
