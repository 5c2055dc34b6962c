package studio.mobilei2v.inference.bundle;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static studio.mobilei2v.inference.bundle.BundleException.inManifest;

/**
 * Checks every rule of docs/BUNDLE.md that needs no other file on manifest.json as
 * {@link ManifestJson} binds it (field types, presence and paths are Jackson's there), and makes
 * the {@link Manifest}.
 */
final class ManifestReader {
    private ManifestReader() {
    }

    static Manifest read(byte[] json) throws BundleException {
        ManifestJson.Root r = ManifestJson.read(json);
        if (!Manifest.FORMAT.equals(r.format())) {
            throw inManifest("format", "must be '" + Manifest.FORMAT + "', not '" + r.format() + "'");
        }
        nonEmpty(r.name(), "name");
        nonEmpty(r.version(), "version");
        VideoSpec video = video(r.video());
        LatentSpec latent = latent(r.latent());
        DecoderSpec decoder = decoder(r.decoder(), video, latent);
        checkVideoAgainstLatent(video, latent, decoder);
        ImageSpec image = image(r.image());
        Map<GraphRole, GraphSpec> graphs = graphs(r.graphs(), decoder, latent);
        SamplerSpec sampler = SamplerRules.sampler(r.sampler(), graphs);
        ConditioningSpec conditioning = conditioning(r.conditioning(), graphs);
        Map<String, FileEntry> files = files(r.files());
        Map<String, Variant> variants = VariantRules.variants(r.variants(), graphs, files, sampler);
        Map<GraphRole, Double> flops = flops(r.flops(), graphs);
        if (r.fixtures() != null) {
            checkRelativePath(r.fixtures(), "fixtures");
        }
        return new Manifest(r.format(), r.name(), r.version(), r.license(), r.provenance(), video, decoder, latent,
                image, sampler, conditioning, graphs, variants, flops, files, r.fixtures());
    }

    private static VideoSpec video(ManifestJson.Video v) throws BundleException {
        positive(v.width(), "video.width");
        positive(v.height(), "video.height");
        positive(v.frames(), "video.frames");
        positive(v.fps(), "video.fps");
        FrameSize size = new FrameSize(v.width(), v.height());
        List<FrameSize> sizes = new ArrayList<>();
        if (v.sizes() == null) {
            sizes.add(size);
        } else {
            if (v.sizes().isEmpty()) {
                throw inManifest("video.sizes", "must be a non-empty array of [width, height] pairs");
            }
            for (int i = 0; i < v.sizes().size(); i++) {
                List<Integer> pair = v.sizes().get(i);
                if (pair.size() != 2 || pair.get(0) <= 0 || pair.get(1) <= 0) {
                    throw inManifest("video.sizes[" + i + "]", "must be a pair of positive integers [width, height]");
                }
                sizes.add(new FrameSize(pair.get(0), pair.get(1)));
            }
            if (!sizes.contains(size)) {
                throw inManifest("video.sizes", "must include the default size video.width x video.height (" + size + ")");
            }
        }
        return new VideoSpec(v.width(), v.height(), v.frames(), v.fps(), sizes);
    }

    /** The optional "decoder" section; without it, an RGB decoder at the video size. */
    private static DecoderSpec decoder(ManifestJson.Decoder d, VideoSpec video, LatentSpec latent) throws BundleException {
        if (d == null) {
            if (video.sizes().size() > 1) {
                throw inManifest("video.sizes", "lists several sizes, but only a flow-warp decoder (manifest 'decoder') "
                        + "can make more than one");
            }
            return DecoderSpec.rgb(video.size());
        }
        if (d.kind() != DecoderSpec.Kind.FLOW_WARP && (!d.working().equals(video.size()) || video.sizes().size() > 1)) {
            throw inManifest("decoder.working", "of " + (d.kind() == DecoderSpec.Kind.RGB ? "an" : "a") + " '"
                    + d.kind().manifestName() + "' decoder must equal the one video size (" + video.size() + ")");
        }
        if (d.tile() != null && d.kind() != DecoderSpec.Kind.VAE_CHUNK) {
            throw inManifest("decoder.tile", "is only for a 'vae-chunk' decoder, not '" + d.kind().manifestName() + "'");
        }
        if (d.kind() == DecoderSpec.Kind.RGB) {
            return new DecoderSpec(d.kind(), d.working(), d.working(), 0);
        }
        if (d.kind() == DecoderSpec.Kind.VAE_CHUNK) {
            if (d.window() == null) {
                throw inManifest("decoder.window", "is missing (a vae-chunk decoder decodes this many latent frames per call)");
            }
            int w = d.window();
            if (w > latent.frames() || w < Math.min(2, latent.frames())) {
                throw inManifest("decoder.window", "must be between 2 and latent.frames (" + latent.frames() + "), not " + w);
            }
            return new DecoderSpec(d.kind(), d.working(), d.working(), w, tile(d.tile(), latent));
        }
        if (d.maps() == null) {
            throw inManifest("decoder.maps", "is missing (a flow-warp decoder returns maps of this size)");
        }
        return new DecoderSpec(d.kind(), d.working(), d.maps(), 0);
    }

    /** The optional "decoder.tile" of a vae-chunk decoder: within the latent grid, overlap below the tile. */
    private static DecoderTile tile(DecoderTile t, LatentSpec latent) throws BundleException {
        if (t == null) {
            return null;
        }
        if (t.height() < 1 || t.height() > latent.height()) {
            throw inManifest("decoder.tile.height", "must be between 1 and latent.height (" + latent.height() + "), not " + t.height());
        }
        if (t.width() < 1 || t.width() > latent.width()) {
            throw inManifest("decoder.tile.width", "must be between 1 and latent.width (" + latent.width() + "), not " + t.width());
        }
        int most = Math.min(t.height(), t.width()) - 1;
        if (t.overlap() < 0 || t.overlap() > most) {
            throw inManifest("decoder.tile.overlap", "must be between 0 and min(decoder.tile.height, decoder.tile.width) - 1 ("
                    + most + "), not " + t.overlap());
        }
        return t;
    }

    private static LatentSpec latent(LatentSpec l) throws BundleException {
        positive(l.channels(), "latent.channels");
        positive(l.frames(), "latent.frames");
        positive(l.height(), "latent.height");
        positive(l.width(), "latent.width");
        positive(l.spatialRatio(), "latent.spatial_ratio");
        positive(l.temporalRatio(), "latent.temporal_ratio");
        positive(l.scalingFactor(), "latent.scaling_factor");
        return l;
    }

    private static void checkVideoAgainstLatent(VideoSpec v, LatentSpec l, DecoderSpec d) throws BundleException {
        FrameSize work = d.working();
        long expectedFrames = 1L + (long) l.temporalRatio() * (l.frames() - 1);
        if (v.frames() != expectedFrames) {
            throw inManifest("video.frames", "must equal 1 + latent.temporal_ratio * (latent.frames - 1) = "
                    + expectedFrames + ", not " + v.frames());
        }
        if (d.chunks()) {
            checkVaeChunkSize(v, l);
        }
        String what = d.warps() ? "decoder.working" : "video";
        if ((long) l.height() * l.spatialRatio() < work.height()) {
            throw inManifest("latent.height", "times latent.spatial_ratio (" + (long) l.height() * l.spatialRatio()
                    + ") must be at least " + what + ".height (" + work.height() + ")");
        }
        if ((long) l.width() * l.spatialRatio() < work.width()) {
            throw inManifest("latent.width", "times latent.spatial_ratio (" + (long) l.width() * l.spatialRatio()
                    + ") must be at least " + what + ".width (" + work.width() + ")");
        }
    }

    /** vae-chunk: the encoder's stride-2 convs round up, so the latent grid is ceil(video size / spatial_ratio). */
    private static void checkVaeChunkSize(VideoSpec v, LatentSpec l) throws BundleException {
        int r = l.spatialRatio();
        if (v.width() % 4 != 0 || v.height() % 4 != 0) {
            throw inManifest("video.width", "and video.height of a 'vae-chunk' bundle must be multiples of 4, not " + v.size());
        }
        if ((v.height() + r - 1) / r != l.height()) {
            throw inManifest("latent.height", "must be ceil(video.height / latent.spatial_ratio) = " + (v.height() + r - 1) / r
                    + " for a 'vae-chunk' decoder, not " + l.height());
        }
        if ((v.width() + r - 1) / r != l.width()) {
            throw inManifest("latent.width", "must be ceil(video.width / latent.spatial_ratio) = " + (v.width() + r - 1) / r
                    + " for a 'vae-chunk' decoder, not " + l.width());
        }
    }

    private static ImageSpec image(ManifestJson.Image i) throws BundleException {
        if (i.range().size() != 2) {
            throw inManifest("image.range", "must be [min, max]");
        }
        double min = i.range().get(0);
        double max = i.range().get(1);
        if (!(min < max)) {
            throw inManifest("image.range", "must have min < max");
        }
        oneOf(i.layout(), "image.layout", "NCHW");
        oneOf(i.channels(), "image.channels", "RGB");
        return new ImageSpec(min, max, i.layout(), i.channels(), i.fit());
    }

    private static ConditioningSpec conditioning(ManifestJson.Conditioning c, Map<GraphRole, GraphSpec> graphs)
            throws BundleException {
        MotionScoreSpec m = c.motionScore();
        if (!(m.min() <= m.defaultValue() && m.defaultValue() <= m.max())) {
            throw inManifest("conditioning.motion_score.default", "must lie in [min, max] = [" + m.min() + ", " + m.max()
                    + "], not " + m.defaultValue());
        }
        CameraMotionSpec camera = c.cameraMotion();
        if (camera != null) {
            List<String> classes = camera.classes();
            if (classes.isEmpty() || new HashSet<>(classes).size() != classes.size()) {
                throw inManifest("conditioning.camera_motion.classes", "must list at least one class, each once");
            }
            if (!classes.contains(camera.defaultClass())) {
                throw inManifest("conditioning.camera_motion.default", "must be one of " + classes + ", not '"
                        + camera.defaultClass() + "'");
            }
        }
        TextSpec text = c.text();
        if (text != null) {
            nonEmpty(text.tokenizer(), "conditioning.text.tokenizer");
            definedRole(text.graph(), graphs, "conditioning.text.graph");
        }
        return new ConditioningSpec(m, camera, text);
    }

    private static Map<GraphRole, GraphSpec> graphs(Map<String, ManifestJson.Graph> json, DecoderSpec decoder,
                                                    LatentSpec latent) throws BundleException {
        Map<GraphRole, GraphSpec> out = new EnumMap<>(GraphRole.class);
        for (Map.Entry<String, ManifestJson.Graph> e : json.entrySet()) {
            String path = "graphs." + e.getKey();
            GraphRole role = role(e.getKey(), path);
            out.put(role, new GraphSpec(role, tensors(e.getValue().inputs(), path + ".inputs"),
                    tensors(e.getValue().outputs(), path + ".outputs")));
        }
        for (GraphRole role : GraphRole.REQUIRED) {
            if (!out.containsKey(role)) {
                throw inManifest("graphs." + role, "is missing (every bundle needs encoder, denoiser and decoder)");
            }
        }
        GraphContract contract = new GraphContract(decoder, latent);
        for (GraphSpec g : out.values()) {
            contract.check(g);
        }
        return out;
    }

    private static List<TensorSpec> tensors(List<TensorSpec> list, String path) throws BundleException {
        if (list.isEmpty()) {
            throw inManifest(path, "must list at least one tensor");
        }
        Set<String> names = new HashSet<>();
        for (int i = 0; i < list.size(); i++) {
            String tp = path + "[" + i + "]";
            TensorSpec t = list.get(i);
            nonEmpty(t.name(), tp + ".name");
            if (!names.add(t.name())) {
                throw inManifest(tp + ".name", "repeats the tensor name '" + t.name() + "'");
            }
            if (t.shape().isEmpty()) {
                throw inManifest(tp + ".shape", "must list at least one dimension");
            }
            for (int d = 0; d < t.shape().size(); d++) {
                if (t.shape().get(d) <= 0) {
                    throw inManifest(tp + ".shape[" + d + "]", "must be a positive integer (fixed shapes only)");
                }
            }
        }
        return list;
    }

    private static Map<String, FileEntry> files(Map<String, ManifestJson.FileJson> json) throws BundleException {
        Map<String, FileEntry> out = new LinkedHashMap<>();
        for (Map.Entry<String, ManifestJson.FileJson> e : json.entrySet()) {
            String path = "files." + e.getKey();
            checkRelativePath(e.getKey(), path);
            if (e.getKey().equals(Manifest.FILE_NAME)) {
                throw inManifest(path, "must not be listed (the manifest cannot hold its own hash)");
            }
            if (!e.getValue().sha256().matches("[0-9a-f]{64}")) {
                throw inManifest(path + ".sha256", "must be 64 lowercase hex digits");
            }
            if (e.getValue().bytes() < 0) {
                throw inManifest(path + ".bytes", "must be a non-negative integer");
            }
            out.put(e.getKey(), new FileEntry(e.getKey(), e.getValue().sha256(), e.getValue().bytes()));
        }
        return out;
    }

    private static Map<GraphRole, Double> flops(Map<String, Double> json, Map<GraphRole, GraphSpec> graphs)
            throws BundleException {
        Map<GraphRole, Double> out = new EnumMap<>(GraphRole.class);
        for (GraphRole role : graphs.keySet()) {
            Double v = json.get(role.manifestName());
            if (v == null) {
                throw inManifest("flops." + role, "is missing");
            }
            if (v < 0) {
                throw inManifest("flops." + role, "must not be negative");
            }
            out.put(role, v);
        }
        return out;
    }

    /** A role named as a JSON key (the keys of "graphs", of a variant's "graphs"). */
    static GraphRole role(String name, String path) throws BundleException {
        return GraphRole.fromManifest(name).orElseThrow(() -> inManifest(path,
                "is not a graph role (one of " + GraphRole.manifestNames() + ")"));
    }

    static void definedRole(GraphRole role, Map<GraphRole, GraphSpec> graphs, String path) throws BundleException {
        if (!graphs.containsKey(role)) {
            throw inManifest(path, "names graph role '" + role + "' which 'graphs' does not define");
        }
    }

    static void nonEmpty(String s, String path) throws BundleException {
        if (s.isBlank()) {
            throw inManifest(path, "must not be empty");
        }
    }

    static void positive(int v, String path) throws BundleException {
        if (v <= 0) {
            throw inManifest(path, "must be a positive integer");
        }
    }

    static void positive(double v, String path) throws BundleException {
        if (!(v > 0)) {
            throw inManifest(path, "must be a positive number");
        }
    }

    private static void oneOf(String value, String path, String... allowed) throws BundleException {
        if (!List.of(allowed).contains(value)) {
            throw inManifest(path, "must be " + String.join(" or ", List.of(allowed).stream().map(a -> "'" + a + "'")
                    .toList()) + ", not '" + value + "'");
        }
    }

    /** Bundle paths are relative, forward-slashed and stay inside the folder. */
    static void checkRelativePath(String p, String field) throws BundleException {
        if (p.isEmpty() || p.startsWith("/") || p.contains("\\") || p.contains(":")
                || p.equals("..") || p.startsWith("../") || p.contains("/../") || p.endsWith("/..")) {
            throw inManifest(field, "must be a relative path inside the bundle, not '" + p + "'");
        }
    }
}
