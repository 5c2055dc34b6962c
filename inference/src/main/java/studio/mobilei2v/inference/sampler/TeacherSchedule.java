package studio.mobilei2v.inference.sampler;

import java.util.ArrayList;
import java.util.List;

/**
 * Teacher (many-step) sigma schedules computed from the manifest's shift, for step counts the
 * bundle does not list. Same construction as the reference FlowMatchEuler scheduler:
 * <pre>
 *   t_min = shift * (1/1000) / (1 + (shift - 1) * (1/1000))     // shifted end of the 1000-step
 *                                                               // training grid (0.002994 at shift 3)
 *   t_i   = 1 + i * (t_min - 1) / (N - 1),  i = 0 .. N-1         // linspace(1, t_min, N); t_0 = 1 for N = 1
 *   s_i   = shift * t_i / (1 + (shift - 1) * t_i)                // the shift
 *   s_N   = 0
 * </pre>
 * At shift 3 and N = 2 this gives 1.0, 0.00893, 0 - the paper's 2-step sigmas. All math in
 * float64.
 */
public final class TeacherSchedule {
    /** Upper bound on steps, so a typo cannot ask for a million denoiser calls. */
    public static final int MAX_STEPS = 1000;
    /** Training timesteps of the reference scheduler (defines t_min). */
    public static final int TRAIN_TIMESTEPS = 1000;

    private TeacherSchedule() {
    }

    public static double shifted(double t, double shift) {
        return shift * t / (1.0 + (shift - 1.0) * t);
    }

    /** The N + 1 sigmas of teacher-N for a shift (see class comment). */
    public static List<Double> sigmas(int steps, double shift) {
        if (steps < 1 || steps > MAX_STEPS) {
            throw new IllegalArgumentException("teacher steps must be 1.." + MAX_STEPS + ", not " + steps);
        }
        if (!(shift > 0)) {
            throw new IllegalArgumentException("shift must be positive, not " + shift);
        }
        double tMin = shifted(1.0 / TRAIN_TIMESTEPS, shift);
        List<Double> out = new ArrayList<>(steps + 1);
        for (int i = 0; i < steps; i++) {
            double t = steps == 1 ? 1.0 : 1.0 + i * (tMin - 1.0) / (steps - 1);
            out.add(shifted(t, shift));
        }
        out.add(0.0);
        return out;
    }
}
