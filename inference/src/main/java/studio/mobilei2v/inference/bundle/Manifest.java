package studio.mobilei2v.inference.bundle;

import java.util.Map;
import java.util.Optional;

/**
 * The typed, validated content of a bundle's manifest.json (format "mobilei2v-bundle/1").
 *
 * @param decoder   how frames are made (an RGB decoder at the video size when the manifest has no
 *                  "decoder" section)
 * @param graphs    graph role -> I/O contract
 * @param variants  variant name -> files
 * @param flops     graph role -> FLOPs per call
 * @param files     bundle-relative path -> size and SHA-256 (every file but manifest.json)
 * @param fixtures  bundle-relative path of fixtures.json, or null
 */
public record Manifest(String format, String name, String version, String license, String provenance,
                       VideoSpec video, DecoderSpec decoder, LatentSpec latent, ImageSpec image, SamplerSpec sampler,
                       ConditioningSpec conditioning, Map<GraphRole, GraphSpec> graphs,
                       Map<String, Variant> variants, Map<GraphRole, Double> flops,
                       Map<String, FileEntry> files, String fixturesOrNull) {
    public static final String FORMAT = "mobilei2v-bundle/1";
    public static final String FILE_NAME = "manifest.json";

    public Manifest {
        graphs = Map.copyOf(graphs);
        variants = Map.copyOf(variants);
        flops = Map.copyOf(flops);
        files = Map.copyOf(files);
    }

    public Optional<String> fixtures() {
        return Optional.ofNullable(fixturesOrNull);
    }

    /** FLOPs per call of a graph role, 0 when the manifest has no figure for it. */
    public double flopsPerCall(GraphRole role) {
        return flops.getOrDefault(role, 0.0);
    }

    /**
     * Decoder graph calls in one clip: one per output frame (rgb), one per frame after the first
     * (flow-warp: frame 0 is the picture), one per distinct window start (vae-chunk: the starts are
     * 0 … latent.frames - window, each taken; times the tiles of a tiled decoder).
     */
    public int decoderCallsPerClip() {
        return switch (decoder.kind()) {
            case RGB -> video.frames();
            case FLOW_WARP -> video.frames() - 1;
            case VAE_CHUNK -> (latent.frames() - decoder.window() + 1) * (decoder.tiled() ? decoder.tile().tilesPerWindow(latent) : 1);
        };
    }

    /** The manifest's FLOPs for one clip: the encoder once, the schedule's denoiser per step, the decoder calls. */
    public double flopsPerClip(SigmaSchedule s) {
        return flopsPerCall(GraphRole.ENCODER) + s.steps() * flopsPerCall(s.denoiser())
                + decoderCallsPerClip() * flopsPerCall(GraphRole.DECODER);
    }
}
