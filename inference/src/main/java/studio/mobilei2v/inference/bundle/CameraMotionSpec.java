package studio.mobilei2v.inference.bundle;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;

/** manifest "conditioning.camera_motion": class names; the index is what the denoiser receives. */
public record CameraMotionSpec(List<String> classes, @JsonProperty("default") String defaultClass) {
    public CameraMotionSpec {
        classes = List.copyOf(classes);
    }

    /** Index of a class name, or -1. */
    public int indexOf(String name) {
        return classes.indexOf(name);
    }
}
