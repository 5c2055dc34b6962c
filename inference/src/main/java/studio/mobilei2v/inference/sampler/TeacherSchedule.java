package studio.mobilei2v.inference.sampler;

import java.util.ArrayList;
import java.util.List;

/**
 * Teacher (many-step) sigma schedules computed from the manifest's shift, for step counts the
 * bundle does not list. The same construction as model/mobilei2v/schedule.py
 * ({@code teacher_sigmas}), so a computed teacher-N equals the one Python would list:
 * <pre>
 *   t_i = linspace(1, 1/N, N)  i.e. t_i = 1 + i * (1/N - 1) / (N - 1),  i = 0 .. N-1  (t_0 = 1 for N = 1)
 *   s_i = shift * t_i / (1 + (shift - 1) * t_i)
 *   s_N = 0
 * </pre>
 * So the last non-zero sigma is the shifted 1/N (0.1364 for N = 20 at shift 3) before the
 * final jump to 0. All math in float64.
 */
public final class TeacherSchedule {
    /** Upper bound on steps, so a typo cannot ask for a million denoiser calls. */
    public static final int MAX_STEPS = 1000;

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
        double tMin = 1.0 / steps;
        List<Double> out = new ArrayList<>(steps + 1);
        for (int i = 0; i < steps; i++) {
            // numpy.linspace's arithmetic: start + i * step, and the end point exactly
            double t = steps == 1 ? 1.0 : i == steps - 1 ? tMin : 1.0 + i * ((tMin - 1.0) / (steps - 1));
            out.add(shifted(t, shift));
        }
        out.add(0.0);
        return out;
    }
}
