package studio.mobilei2v.inference.bundle;

import com.fasterxml.jackson.annotation.JsonProperty;

/** manifest "conditioning.motion_score": range, default, and what a unit means. */
public record MotionScoreSpec(double min, double max, @JsonProperty("default") double defaultValue, String unit) {
    public boolean accepts(double score) {
        return score >= min && score <= max;
    }
}
