package studio.mobilei2v.inference;

import java.util.Objects;

/**
 * One generation job, transport-neutral (plain values and pixels; serialisable as JSON with the
 * pixels base64-encoded by Jackson).
 *
 * @param image       the fitted source pixels (see {@link ModelImage})
 * @param seed        64-bit seed of the noise ({@code SeededNoise}); same seed, same video
 * @param schedule    a schedule name the bundle lists (e.g. "distilled-1") or "teacher-N" for
 *                    any N >= 1; null means the bundle's default schedule
 * @param motionScore the motion score; null means the bundle's default. Must lie in its range.
 * @param camera      a camera motion class the bundle lists; null means the bundle's default
 *                    (or none when the bundle has no camera conditioning)
 */
public record GenerationRequest(ModelImage image, long seed, String schedule, Double motionScore,
                                String camera) {
    public GenerationRequest {
        Objects.requireNonNull(image, "image");
    }

    /** Defaults for everything but the image and seed. */
    public static GenerationRequest of(ModelImage image, long seed) {
        return new GenerationRequest(image, seed, null, null, null);
    }

    public GenerationRequest withSchedule(String name) {
        return new GenerationRequest(image, seed, name, motionScore, camera);
    }

    public GenerationRequest withMotionScore(Double score) {
        return new GenerationRequest(image, seed, schedule, score, camera);
    }

    public GenerationRequest withCamera(String cameraClass) {
        return new GenerationRequest(image, seed, schedule, motionScore, cameraClass);
    }

    public GenerationRequest withSeed(long newSeed) {
        return new GenerationRequest(image, newSeed, schedule, motionScore, camera);
    }
}
