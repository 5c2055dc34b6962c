package studio.mobilei2v.inference.sampler;

/**
 * The seeded Gaussian noise of docs/BUNDLE.md, bit-for-bit the same on desktop, phone and in
 * Python (model/mobilei2v/noise.py): SplitMix64 from the 64-bit seed; uniforms
 * {@code u = (next >>> 11) * 2^-53}; Box-Muller on pairs (u1, u2):
 * {@code r = sqrt(-2 ln(1 - u1))}, emit {@code r cos(2 pi u2)} then {@code r sin(2 pi u2)},
 * computed in float64 and stored as float32, in C order; an odd count drops the last sine.
 *
 * <p>StrictMath is used for log/sqrt/cos/sin so the JVM's intrinsics cannot differ between
 * machines (Python's libm agrees with fdlibm to the last bit on the values we draw, and float32
 * storage absorbs any last-ulp difference).
 */
public final class SeededNoise {
    private static final double TWO_PI = 2.0 * Math.PI;
    private static final double TWO_POW_MINUS_53 = 0x1.0p-53;

    private long state;
    private double pendingSine;
    private boolean hasPendingSine;

    public SeededNoise(long seed) {
        this.state = seed;
    }

    /** The next SplitMix64 output. */
    public long nextLong() {
        state += 0x9E3779B97F4A7C15L;
        long z = state;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** The next uniform in [0, 1). */
    public double nextUniform() {
        return (nextLong() >>> 11) * TWO_POW_MINUS_53;
    }

    /** The next standard normal in float64 (cosine of a pair first, then its sine). */
    public double nextGaussian() {
        if (hasPendingSine) {
            hasPendingSine = false;
            return pendingSine;
        }
        double u1 = nextUniform();
        double u2 = nextUniform();
        double r = StrictMath.sqrt(-2.0 * StrictMath.log(1.0 - u1));
        double angle = TWO_PI * u2;
        pendingSine = r * StrictMath.sin(angle);
        hasPendingSine = true;
        return r * StrictMath.cos(angle);
    }

    /** Fills {@code out} in order with float32 normals. */
    public void fill(float[] out) {
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) nextGaussian();
        }
    }

    /** {@code count} float32 normals for a fresh generator seeded with {@code seed}. */
    public static float[] generate(long seed, int count) {
        float[] out = new float[count];
        new SeededNoise(seed).fill(out);
        return out;
    }
}
