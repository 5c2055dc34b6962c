package studio.mobilei2v.inference.bundle;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** What a graph does in the pipeline: the keys of manifest "graphs" and of each variant's "graphs". */
public enum GraphRole implements ManifestName {
    ENCODER,
    DENOISER,
    /** The denoiser the teacher schedules use. */
    DENOISER_TEACHER,
    DECODER,
    /** The prompt's encoder when manifest "conditioning.text" names one. */
    TEXT_ENCODER;

    /** The roles every bundle and every variant has. */
    public static final List<GraphRole> REQUIRED = List.of(ENCODER, DENOISER, DECODER);

    /** True for roles a sampler schedule uses as its denoiser. */
    public boolean isDenoiser() {
        return this == DENOISER || this == DENOISER_TEACHER;
    }

    public static Optional<GraphRole> fromManifest(String name) {
        return Arrays.stream(values()).filter(r -> r.manifestName().equals(name)).findFirst();
    }

    public static List<String> manifestNames() {
        return Arrays.stream(values()).map(GraphRole::manifestName).toList();
    }

    @Override
    public String toString() {
        return manifestName();
    }
}
