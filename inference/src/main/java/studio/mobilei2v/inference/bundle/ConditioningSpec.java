package studio.mobilei2v.inference.bundle;

import java.util.Optional;

/**
 * manifest "conditioning". Camera motion and text are absent for models without them; a UI
 * shows a prompt box only when {@link #text()} is present (nano has none).
 */
public record ConditioningSpec(MotionScoreSpec motionScore, CameraMotionSpec cameraMotionOrNull,
                               TextSpec textOrNull) {
    public Optional<CameraMotionSpec> cameraMotion() {
        return Optional.ofNullable(cameraMotionOrNull);
    }

    public Optional<TextSpec> text() {
        return Optional.ofNullable(textOrNull);
    }
}
