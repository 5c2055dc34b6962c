package studio.mobilei2v.inference;

import java.util.Arrays;
import java.util.List;

/**
 * The one percentile of the project (run reports, the bench, the MatMul probe, batch summaries,
 * the studio's runs table and estimates): nearest rank, no interpolation, so every figure shown is
 * one that was measured. The median of an even count is the lower middle value.
 *
 * <p>No values, no percentile: the result is NaN, never 0 (0 ms would read as a measurement). A
 * caller that must print a number decides what stands for "none" (the bench JSON rounds NaN to 0,
 * the studio shows an empty cell).
 */
public final class Percentiles {
    private Percentiles() {
    }

    /** The {@code p}-th percentile (0-100) of {@code values} by nearest rank; NaN when there are none. */
    public static double nearestRank(List<Double> values, double p) {
        return nearestRank(values.stream().mapToDouble(Double::doubleValue).toArray(), p);
    }

    /** The same for an array (left as it is); NaN when it is empty. */
    public static double nearestRank(double[] values, double p) {
        if (values.length == 0) {
            return Double.NaN;
        }
        if (!(p >= 0 && p <= 100)) {
            throw new IllegalArgumentException("percentile must be 0 to 100, not " + p);
        }
        double[] v = values.clone();
        Arrays.sort(v);
        int rank = (int) Math.ceil(p / 100.0 * v.length);
        return v[Math.max(0, Math.min(v.length - 1, rank - 1))];
    }
}
