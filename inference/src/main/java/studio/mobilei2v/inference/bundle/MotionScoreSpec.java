package studio.mobilei2v.inference.bundle;

/** manifest "conditioning.motion_score": range, default, and what a unit means. */
public record MotionScoreSpec(double min, double max, double defaultValue, String unit) {
    public boolean accepts(double score) {
        return score >= min && score <= max;
    }
}
