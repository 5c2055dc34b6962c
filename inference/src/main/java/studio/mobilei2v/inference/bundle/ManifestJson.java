package studio.mobilei2v.inference.bundle;

import studio.mobilei2v.inference.FitMode;
import studio.mobilei2v.inference.bundle.BundleJson.Omissible;

import java.util.List;
import java.util.Map;

/**
 * manifest.json as {@link BundleJson} binds it: shapes and JSON types. The rules between the
 * values are {@link ManifestReader}'s.
 */
final class ManifestJson {
    record Root(String format, String name, String version, String license, String provenance, Video video,
                @Omissible Decoder decoder, LatentSpec latent, Image image, Sampler sampler, Conditioning conditioning,
                Map<String, Graph> graphs, Map<String, FileJson> files, Map<String, VariantJson> variants,
                Map<String, Double> flops, @Omissible String fixtures) {
    }

    record Video(int width, int height, int frames, double fps, @Omissible List<List<Integer>> sizes) {
    }

    record Decoder(DecoderSpec.Kind kind, FrameSize working, @Omissible FrameSize maps, @Omissible Integer window,
                   @Omissible DecoderTile tile) {
    }

    record Image(List<Double> range, String layout, String channels, FitMode fit) {
    }

    record Sampler(String type, double timestepScale, double shift, String defaultSchedule, List<Schedule> schedules) {
    }

    record Schedule(String name, SigmaSchedule.Kind kind, int steps, List<Double> sigmas, GraphRole denoiser,
                    @Omissible Guidance guidance) {
    }

    record Conditioning(MotionScoreSpec motionScore, @Omissible CameraMotionSpec cameraMotion, @Omissible TextSpec text) {
    }

    /** The keys of "graphs", a variant's "graphs" and "flops" are roles, checked by ManifestReader with their paths. */
    record Graph(List<TensorSpec> inputs, List<TensorSpec> outputs) {
    }

    record FileJson(String sha256, long bytes) {
    }

    record VariantJson(String precision, @Omissible List<String> optimisations, Map<String, String> graphs,
                       @Omissible List<String> schedules) {
    }

    private ManifestJson() {
    }

    static Root read(byte[] json) throws BundleException {
        return BundleJson.read(json, Manifest.FILE_NAME, Root.class);
    }
}
