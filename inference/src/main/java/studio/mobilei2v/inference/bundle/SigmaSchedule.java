package studio.mobilei2v.inference.bundle;

import java.util.List;

/**
 * A noise-level schedule: {@code steps + 1} sigmas, strictly decreasing, last 0.
 *
 * @param name     e.g. "distilled-1", "teacher-20"
 * @param kind     "distilled" or "teacher"
 * @param denoiser graph role used for its steps (a {@link GraphRole#isDenoiser() denoiser})
 * @param listed   true when the manifest lists it, false when computed (teacher-N)
 */
public record SigmaSchedule(String name, String kind, int steps, List<Double> sigmas, GraphRole denoiser,
                            boolean listed) {
    public SigmaSchedule {
        sigmas = List.copyOf(sigmas);
    }

    public double sigma(int i) {
        return sigmas.get(i);
    }
}
