package studio.mobilei2v.inference.bundle;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Parses manifest.json and checks every rule of docs/BUNDLE.md that needs no other file. */
final class ManifestReader {
    static final String FILE = Manifest.FILE_NAME;
    /** Graph roles the pipeline needs in every variant. */
    static final List<String> REQUIRED_ROLES = List.of(GraphRoles.ENCODER, GraphRoles.DENOISER, GraphRoles.DECODER);
    private static final Set<String> DTYPES = Set.of("float32", "float16", "int64", "int32");

    private final JsonFields f = new JsonFields(FILE);

    private ManifestReader() {
    }

    static Manifest read(byte[] json) throws BundleException {
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(json);
        } catch (JsonProcessingException e) {
            throw new BundleException(FILE, null, "is not valid JSON (line " + e.getLocation().getLineNr()
                    + ", column " + e.getLocation().getColumnNr() + "): " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new BundleException(FILE, null, "cannot be parsed: " + e.getMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new BundleException(FILE, null, "must hold a JSON object");
        }
        return new ManifestReader().manifest(root);
    }

    private Manifest manifest(JsonNode root) throws BundleException {
        String format = f.string(root, "", "format");
        if (!Manifest.FORMAT.equals(format)) {
            throw f.error("format", "must be '" + Manifest.FORMAT + "', not '" + format + "'");
        }
        String name = f.nonEmptyString(root, "", "name");
        String version = f.nonEmptyString(root, "", "version");
        String license = f.string(root, "", "license");
        String provenance = f.string(root, "", "provenance");
        VideoSpec video = video(f.object(root, "", "video"));
        LatentSpec latent = latent(f.object(root, "", "latent"));
        DecoderSpec decoder = decoder(f.optionalObject(root, "", "decoder"), video, latent);
        checkVideoAgainstLatent(video, latent, decoder);
        ImageSpec image = image(f.object(root, "", "image"));
        Map<String, GraphSpec> graphs = graphs(f.object(root, "", "graphs"), decoder, latent);
        SamplerSpec sampler = sampler(f.object(root, "", "sampler"), graphs);
        ConditioningSpec conditioning = conditioning(f.object(root, "", "conditioning"), graphs);
        Map<String, FileEntry> files = files(f.object(root, "", "files"));
        Map<String, Variant> variants = variants(f.object(root, "", "variants"), graphs, files, sampler);
        Map<String, Double> flops = flops(f.object(root, "", "flops"), graphs);
        String fixtures = f.optionalString(root, "", "fixtures");
        if (fixtures != null) {
            checkRelativePath(fixtures, "fixtures");
        }
        return new Manifest(format, name, version, license, provenance, video, decoder, latent, image, sampler,
                conditioning, graphs, variants, flops, files, fixtures);
    }

    private VideoSpec video(JsonNode n) throws BundleException {
        int width = f.positiveInt(n, "video", "width");
        int height = f.positiveInt(n, "video", "height");
        FrameSize size = new FrameSize(width, height);
        List<FrameSize> sizes = new ArrayList<>();
        JsonNode list = n.get("sizes");
        if (list == null || list.isNull()) {
            sizes.add(size);
        } else {
            if (!list.isArray() || list.isEmpty()) {
                throw f.error("video.sizes", "must be a non-empty array of [width, height] pairs");
            }
            for (int i = 0; i < list.size(); i++) {
                JsonNode pair = list.get(i);
                if (!pair.isArray() || pair.size() != 2 || !pair.get(0).canConvertToInt() || !pair.get(1).canConvertToInt()
                        || !pair.get(0).isIntegralNumber() || !pair.get(1).isIntegralNumber()
                        || pair.get(0).asInt() <= 0 || pair.get(1).asInt() <= 0) {
                    throw f.error("video.sizes[" + i + "]", "must be a pair of positive integers [width, height]");
                }
                sizes.add(new FrameSize(pair.get(0).asInt(), pair.get(1).asInt()));
            }
            if (!sizes.contains(size)) {
                throw f.error("video.sizes", "must include the default size video.width x video.height (" + size + ")");
            }
        }
        return new VideoSpec(width, height, f.positiveInt(n, "video", "frames"), f.positiveNumber(n, "video", "fps"), sizes);
    }

    /** The optional "decoder" section; without it, an RGB decoder at the video size. */
    private DecoderSpec decoder(JsonNode n, VideoSpec video, LatentSpec latent) throws BundleException {
        if (n == null) {
            if (video.sizes().size() > 1) {
                throw f.error("video.sizes", "lists several sizes, but only a flow-warp decoder (manifest 'decoder') "
                        + "can make more than one");
            }
            return DecoderSpec.rgb(video.size());
        }
        String kind = f.nonEmptyString(n, "decoder", "kind");
        DecoderSpec.Kind k = null;
        for (DecoderSpec.Kind c : DecoderSpec.Kind.values()) {
            if (c.manifestName().equals(kind)) {
                k = c;
            }
        }
        if (k == null) {
            throw f.error("decoder.kind", "must be 'rgb', 'flow-warp' or 'vae-chunk', not '" + kind + "'");
        }
        JsonNode w = f.object(n, "decoder", "working");
        FrameSize working = new FrameSize(f.positiveInt(w, "decoder.working", "width"),
                f.positiveInt(w, "decoder.working", "height"));
        if (k != DecoderSpec.Kind.FLOW_WARP && (!working.equals(video.size()) || video.sizes().size() > 1)) {
            throw f.error("decoder.working", "of " + (k == DecoderSpec.Kind.RGB ? "an" : "a") + " '" + kind
                    + "' decoder must equal the one video size (" + video.size() + ")");
        }
        if (k == DecoderSpec.Kind.RGB) {
            return new DecoderSpec(k, working, working, 0);
        }
        if (k == DecoderSpec.Kind.VAE_CHUNK) {
            int window = f.positiveInt(n, "decoder", "window");
            if (window > latent.frames() || (window < 2 && latent.frames() > 1)) {
                throw f.error("decoder.window", "must be between 2 and latent.frames (" + latent.frames() + "), not " + window);
            }
            return new DecoderSpec(k, working, working, window);
        }
        JsonNode m = f.object(n, "decoder", "maps");
        FrameSize maps = new FrameSize(f.positiveInt(m, "decoder.maps", "width"), f.positiveInt(m, "decoder.maps", "height"));
        return new DecoderSpec(k, working, maps, 0);
    }

    private LatentSpec latent(JsonNode n) throws BundleException {
        return new LatentSpec(f.positiveInt(n, "latent", "channels"), f.positiveInt(n, "latent", "frames"),
                f.positiveInt(n, "latent", "height"), f.positiveInt(n, "latent", "width"),
                f.positiveInt(n, "latent", "spatial_ratio"), f.positiveInt(n, "latent", "temporal_ratio"),
                f.positiveNumber(n, "latent", "scaling_factor"));
    }

    private void checkVideoAgainstLatent(VideoSpec v, LatentSpec l, DecoderSpec d) throws BundleException {
        FrameSize work = d.working();
        long expectedFrames = 1L + (long) l.temporalRatio() * (l.frames() - 1);
        if (v.frames() != expectedFrames) {
            throw f.error("video.frames", "must equal 1 + latent.temporal_ratio * (latent.frames - 1) = "
                    + expectedFrames + ", not " + v.frames());
        }
        if (d.chunks()) {
            checkVaeChunkSize(v, l);
        }
        String what = d.warps() ? "decoder.working" : "video";
        if ((long) l.height() * l.spatialRatio() < work.height()) {
            throw f.error("latent.height", "times latent.spatial_ratio (" + (long) l.height() * l.spatialRatio()
                    + ") must be at least " + what + ".height (" + work.height() + ")");
        }
        if ((long) l.width() * l.spatialRatio() < work.width()) {
            throw f.error("latent.width", "times latent.spatial_ratio (" + (long) l.width() * l.spatialRatio()
                    + ") must be at least " + what + ".width (" + work.width() + ")");
        }
    }

    /** vae-chunk: the encoder's stride-2 convs round up, so each latent cell covers ceil(size / ratio). */
    private void checkVaeChunkSize(VideoSpec v, LatentSpec l) throws BundleException {
        int r = l.spatialRatio();
        if (v.width() % 4 != 0 || v.height() % 4 != 0) {
            throw f.error("video.width", "and video.height of a 'vae-chunk' bundle must be multiples of 4, not "
                    + v.size());
        }
        if ((v.height() + r - 1) / r != l.height()) {
            throw f.error("latent.height", "must be ceil(video.height / latent.spatial_ratio) = " + (v.height() + r - 1) / r
                    + " for a 'vae-chunk' decoder, not " + l.height());
        }
        if ((v.width() + r - 1) / r != l.width()) {
            throw f.error("latent.width", "must be ceil(video.width / latent.spatial_ratio) = " + (v.width() + r - 1) / r
                    + " for a 'vae-chunk' decoder, not " + l.width());
        }
    }

    private ImageSpec image(JsonNode n) throws BundleException {
        JsonNode range = f.array(n, "image", "range");
        if (range.size() != 2) {
            throw f.error("image.range", "must be [min, max]");
        }
        double min = f.number(range.get(0), "image.range[0]");
        double max = f.number(range.get(1), "image.range[1]");
        if (!(min < max)) {
            throw f.error("image.range", "must have min < max");
        }
        String layout = f.string(n, "image", "layout");
        if (!layout.equals("NCHW")) {
            throw f.error("image.layout", "must be 'NCHW', not '" + layout + "'");
        }
        String channels = f.string(n, "image", "channels");
        if (!channels.equals("RGB")) {
            throw f.error("image.channels", "must be 'RGB', not '" + channels + "'");
        }
        String fit = f.string(n, "image", "fit");
        if (!fit.equals("crop") && !fit.equals("pad")) {
            throw f.error("image.fit", "must be 'crop' or 'pad', not '" + fit + "'");
        }
        return new ImageSpec(min, max, layout, channels, fit);
    }

    private SamplerSpec sampler(JsonNode n, Map<String, GraphSpec> graphs) throws BundleException {
        String type = f.string(n, "sampler", "type");
        if (!type.equals(SamplerSpec.RECTIFIED_FLOW_EULER)) {
            throw f.error("sampler.type", "must be '" + SamplerSpec.RECTIFIED_FLOW_EULER + "', not '" + type + "'");
        }
        double scale = f.positiveNumber(n, "sampler", "timestep_scale");
        double shift = f.positiveNumber(n, "sampler", "shift");
        String defaultName = f.nonEmptyString(n, "sampler", "default_schedule");
        JsonNode arr = f.array(n, "sampler", "schedules");
        if (arr.isEmpty()) {
            throw f.error("sampler.schedules", "must list at least one schedule");
        }
        List<SigmaSchedule> schedules = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (int i = 0; i < arr.size(); i++) {
            String path = "sampler.schedules[" + i + "]";
            JsonNode s = arr.get(i);
            if (!s.isObject()) {
                throw f.error(path, "must be an object");
            }
            String name = f.nonEmptyString(s, path, "name");
            if (!names.add(name)) {
                throw f.error(path + ".name", "repeats the schedule name '" + name + "'");
            }
            String kind = f.string(s, path, "kind");
            if (!kind.equals("distilled") && !kind.equals("teacher")) {
                throw f.error(path + ".kind", "must be 'distilled' or 'teacher', not '" + kind + "'");
            }
            int steps = f.positiveInt(s, path, "steps");
            JsonNode sig = f.array(s, path, "sigmas");
            if (sig.size() != steps + 1) {
                throw f.error(path + ".sigmas", "must hold steps + 1 = " + (steps + 1) + " values, not " + sig.size());
            }
            List<Double> sigmas = new ArrayList<>();
            for (int k = 0; k < sig.size(); k++) {
                double v = f.number(sig.get(k), path + ".sigmas[" + k + "]");
                if (k == 0 && (v > 1.0 || v <= 0)) {
                    throw f.error(path + ".sigmas[0]", "must be in (0, 1], not " + v);
                }
                if (k > 0 && !(v < sigmas.get(k - 1))) {
                    throw f.error(path + ".sigmas[" + k + "]", "must be below the previous sigma (strictly decreasing)");
                }
                sigmas.add(v);
            }
            if (sigmas.get(steps) != 0.0) {
                throw f.error(path + ".sigmas[" + steps + "]", "must be 0.0 (the last sigma is the clean video)");
            }
            String denoiser = f.nonEmptyString(s, path, "denoiser");
            if (!graphs.containsKey(denoiser)) {
                throw f.error(path + ".denoiser", "names graph role '" + denoiser + "' which 'graphs' does not define");
            }
            schedules.add(new SigmaSchedule(name, kind, steps, sigmas, denoiser, true, guidance(s, path)));
        }
        if (!names.contains(defaultName)) {
            throw f.error("sampler.default_schedule", "names '" + defaultName + "' which is not in sampler.schedules "
                    + names);
        }
        return new SamplerSpec(type, scale, shift, defaultName, schedules);
    }

    /** A schedule's optional "guidance"; only same-call (one denoiser call per step) is runnable. */
    private Guidance guidance(JsonNode schedule, String path) throws BundleException {
        JsonNode g = f.optionalObject(schedule, path, "guidance");
        if (g == null) {
            return null;
        }
        String p = path + ".guidance";
        double scale = f.number(g, p, "scale");
        String unconditional = f.nonEmptyString(g, p, "unconditional");
        if (!unconditional.equals(Guidance.SAME_CALL)) {
            throw f.error(p + ".unconditional", "'" + unconditional + "' is not supported: only '" + Guidance.SAME_CALL
                    + "' (the unconditional call gets the same inputs, so one denoiser call per step)");
        }
        return new Guidance(scale, unconditional);
    }

    private ConditioningSpec conditioning(JsonNode n, Map<String, GraphSpec> graphs) throws BundleException {
        JsonNode m = f.object(n, "conditioning", "motion_score");
        String p = "conditioning.motion_score";
        double min = f.number(m, p, "min");
        double max = f.number(m, p, "max");
        double def = f.number(m, p, "default");
        if (!(min <= def && def <= max)) {
            throw f.error(p + ".default", "must lie in [min, max] = [" + min + ", " + max + "], not " + def);
        }
        MotionScoreSpec motion = new MotionScoreSpec(min, max, def, f.string(m, p, "unit"));

        CameraMotionSpec camera = null;
        JsonNode c = f.optionalObject(n, "conditioning", "camera_motion");
        if (c != null) {
            String cp = "conditioning.camera_motion";
            List<String> classes = f.strings(f.array(c, cp, "classes"), cp + ".classes");
            if (classes.isEmpty() || new HashSet<>(classes).size() != classes.size()) {
                throw f.error(cp + ".classes", "must list at least one class, each once");
            }
            String defClass = f.string(c, cp, "default");
            if (!classes.contains(defClass)) {
                throw f.error(cp + ".default", "must be one of " + classes + ", not '" + defClass + "'");
            }
            camera = new CameraMotionSpec(classes, defClass);
        }

        TextSpec text = null;
        JsonNode t = f.optionalObject(n, "conditioning", "text");
        if (t != null) {
            text = new TextSpec(f.nonEmptyString(t, "conditioning.text", "tokenizer"),
                    f.nonEmptyString(t, "conditioning.text", "graph"));
            if (!graphs.containsKey(text.graph())) {
                throw f.error("conditioning.text.graph", "names graph role '" + text.graph() + "' which 'graphs' does not define");
            }
        }
        return new ConditioningSpec(motion, camera, text);
    }

    private Map<String, GraphSpec> graphs(JsonNode n, DecoderSpec decoder, LatentSpec latent) throws BundleException {
        Map<String, GraphSpec> out = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : JsonFields.fields(n)) {
            String path = "graphs." + e.getKey();
            if (!e.getValue().isObject()) {
                throw f.error(path, "must be an object");
            }
            out.put(e.getKey(), new GraphSpec(e.getKey(), tensors(e.getValue(), path, "inputs"),
                    tensors(e.getValue(), path, "outputs")));
        }
        for (String role : REQUIRED_ROLES) {
            if (!out.containsKey(role)) {
                throw f.error("graphs." + role, "is missing (every bundle needs encoder, denoiser and decoder)");
            }
        }
        GraphContract contract = new GraphContract(f, decoder, latent);
        for (GraphSpec g : out.values()) {
            contract.check(g);
        }
        return out;
    }

    private List<TensorSpec> tensors(JsonNode graph, String graphPath, String key) throws BundleException {
        JsonNode arr = f.array(graph, graphPath, key);
        String path = graphPath + "." + key;
        if (arr.isEmpty()) {
            throw f.error(path, "must list at least one tensor");
        }
        List<TensorSpec> out = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (int i = 0; i < arr.size(); i++) {
            String tp = path + "[" + i + "]";
            JsonNode t = arr.get(i);
            if (!t.isObject()) {
                throw f.error(tp, "must be an object");
            }
            String name = f.nonEmptyString(t, tp, "name");
            if (!names.add(name)) {
                throw f.error(tp + ".name", "repeats the tensor name '" + name + "'");
            }
            String dtype = f.string(t, tp, "dtype");
            if (!DTYPES.contains(dtype)) {
                throw f.error(tp + ".dtype", "must be one of " + DTYPES + ", not '" + dtype + "'");
            }
            out.add(new TensorSpec(name, dtype, f.shape(t, tp, "shape")));
        }
        return out;
    }

    private Map<String, FileEntry> files(JsonNode n) throws BundleException {
        Map<String, FileEntry> out = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : JsonFields.fields(n)) {
            String path = "files." + e.getKey();
            checkRelativePath(e.getKey(), path);
            if (e.getKey().equals(Manifest.FILE_NAME)) {
                throw f.error(path, "must not be listed (the manifest cannot hold its own hash)");
            }
            if (!e.getValue().isObject()) {
                throw f.error(path, "must be an object {sha256, bytes}");
            }
            String sha = f.string(e.getValue(), path, "sha256");
            if (!sha.matches("[0-9a-f]{64}")) {
                throw f.error(path + ".sha256", "must be 64 lowercase hex digits");
            }
            long bytes = f.nonNegativeLong(e.getValue(), path, "bytes");
            out.put(e.getKey(), new FileEntry(e.getKey(), sha, bytes));
        }
        return out;
    }

    private Map<String, Variant> variants(JsonNode n, Map<String, GraphSpec> graphs, Map<String, FileEntry> files,
                                          SamplerSpec sampler)
            throws BundleException {
        Map<String, Variant> out = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : JsonFields.fields(n)) {
            String path = "variants." + e.getKey();
            JsonNode v = e.getValue();
            if (!v.isObject()) {
                throw f.error(path, "must be an object");
            }
            // free text shown to users ("fp32", "fp16", "fp16-weights", ...)
            String precision = f.nonEmptyString(v, path, "precision");
            List<String> optimisations = List.of();
            if (v.has("optimisations") && !v.get("optimisations").isNull()) {
                optimisations = f.strings(f.array(v, path, "optimisations"), path + ".optimisations");
            }
            JsonNode g = f.object(v, path, "graphs");
            Map<String, String> roleFiles = new LinkedHashMap<>();
            for (Map.Entry<String, JsonNode> ge : JsonFields.fields(g)) {
                String gp = path + ".graphs." + ge.getKey();
                if (!graphs.containsKey(ge.getKey())) {
                    throw f.error(gp, "names graph role '" + ge.getKey() + "' which 'graphs' does not define");
                }
                if (!ge.getValue().isTextual()) {
                    throw f.error(gp, "must be a string (bundle-relative path of the .onnx file)");
                }
                String file = ge.getValue().asText();
                checkRelativePath(file, gp);
                if (!files.containsKey(file)) {
                    throw f.error(gp, "names '" + file + "' which is not listed in 'files' (every graph file needs a SHA-256)");
                }
                roleFiles.put(ge.getKey(), file);
            }
            for (String role : REQUIRED_ROLES) {
                if (!roleFiles.containsKey(role)) {
                    throw f.error(path + ".graphs." + role, "is missing (every variant needs encoder, denoiser and decoder)");
                }
            }
            List<String> only = null;
            if (v.has("schedules") && !v.get("schedules").isNull()) {
                only = f.strings(f.array(v, path, "schedules"), path + ".schedules");
                for (int i = 0; i < only.size(); i++) {
                    if (sampler.listed(only.get(i)).isEmpty()) {
                        throw f.error(path + ".schedules[" + i + "]", "names '" + only.get(i)
                                + "' which is not in sampler.schedules");
                    }
                }
            }
            out.put(e.getKey(), new Variant(e.getKey(), precision, optimisations, roleFiles, only));
        }
        if (out.isEmpty()) {
            throw f.error("variants", "must define at least one variant ('desktop' or 'mobile')");
        }
        return out;
    }

    private Map<String, Double> flops(JsonNode n, Map<String, GraphSpec> graphs) throws BundleException {
        Map<String, Double> out = new LinkedHashMap<>();
        for (String role : graphs.keySet()) {
            double v = f.number(n, "flops", role);
            if (v < 0) {
                throw f.error("flops." + role, "must not be negative");
            }
            out.put(role, v);
        }
        return out;
    }

    /** Bundle paths are relative, forward-slashed and stay inside the folder. */
    private void checkRelativePath(String p, String field) throws BundleException {
        if (p.isEmpty() || p.startsWith("/") || p.contains("\\") || p.contains(":")
                || p.equals("..") || p.startsWith("../") || p.contains("/../") || p.endsWith("/..")) {
            throw f.error(field, "must be a relative path inside the bundle, not '" + p + "'");
        }
    }
}
