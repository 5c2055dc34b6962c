package studio.mobilei2v.inference;

import java.util.Arrays;
import java.util.List;

/**
 * The one percentile of the project (run reports, the bench, the studio's runs table):
 * nearest rank, no interpolation, so every figure shown is one that was measured.
 */
public final class Percentiles {
    private Percentiles() {
    }

    /** The {@code p}-th percentile (0-100) of {@code values} by nearest rank; NaN when there are none. */
    public static double nearestRank(List<Double> values, double p) {
        if (values.isEmpty()) {
            return Double.NaN;
        }
        double[] v = values.stream().mapToDouble(Double::doubleValue).toArray();
        Arrays.sort(v);
        int rank = (int) Math.ceil(p / 100.0 * v.length);
        return v[Math.max(0, Math.min(v.length - 1, rank - 1))];
    }
}
