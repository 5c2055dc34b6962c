package studio.mobilei2v.inference.bundle;

import java.util.List;

/**
 * A noise-level schedule: {@code steps + 1} sigmas, strictly decreasing, last 0.
 *
 * @param name     e.g. "distilled-1", "teacher-20"
 * @param kind     distilled (the few-step student) or teacher
 * @param denoiser graph role used for its steps (a {@link GraphRole#isDenoiser() denoiser})
 * @param listed   true when the manifest lists it, false when computed (teacher-N)
 * @param guidance the manifest's classifier-free guidance, or null (none; a computed teacher-N has none)
 */
public record SigmaSchedule(String name, Kind kind, int steps, List<Double> sigmas, GraphRole denoiser,
                            boolean listed, Guidance guidance) {
    /** manifest "kind" of a schedule: "distilled" or "teacher". */
    public enum Kind implements ManifestName {
        DISTILLED,
        TEACHER;

        @Override
        public String toString() {
            return manifestName();
        }
    }

    public SigmaSchedule {
        sigmas = List.copyOf(sigmas);
    }

    /** A schedule without guidance. */
    public SigmaSchedule(String name, Kind kind, int steps, List<Double> sigmas, GraphRole denoiser, boolean listed) {
        this(name, kind, steps, sigmas, denoiser, listed, null);
    }

    public double sigma(int i) {
        return sigmas.get(i);
    }
}
