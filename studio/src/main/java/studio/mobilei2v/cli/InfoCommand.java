package studio.mobilei2v.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import studio.mobilei2v.inference.bundle.BundleException;
import studio.mobilei2v.inference.bundle.CameraMotionSpec;
import studio.mobilei2v.inference.bundle.FileEntry;
import studio.mobilei2v.inference.bundle.GraphRole;
import studio.mobilei2v.inference.bundle.Manifest;
import studio.mobilei2v.inference.bundle.ModelBundle;
import studio.mobilei2v.inference.bundle.MotionScoreSpec;
import studio.mobilei2v.inference.bundle.SigmaSchedule;
import studio.mobilei2v.inference.bundle.Variant;

/**
 * {@code info}: what a model bundle is and offers, read from its validated manifest (opening
 * the bundle checks every file's size and SHA-256, so what is shown is what will run).
 */
@Command(name = "info", mixinStandardHelpOptions = true, description = "Show what a model bundle is and offers.")
final class InfoCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--model", paramLabel = "DIR", description = "Model bundle folder (default: the bundled model).")
    Path model;

    @Option(names = "--json", description = "Print JSON instead of text.")
    boolean json;

    @Option(names = {"-v", "--verbose"}, description = "Stack traces on errors.")
    boolean verbose;

    @Override
    public Integer call() throws Exception {
        Path dir = ModelLocator.bundle(model);
        ModelBundle bundle;
        try {
            bundle = ModelBundle.open(dir);
        } catch (BundleException e) {
            throw new BadInputException(dir + ": " + e.getMessage(), e);
        }
        Map<String, Object> facts = facts(bundle);
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(toJson(facts));
        } else {
            printText(out, bundle, facts);
        }
        out.flush();
        return ExitCodes.OK;
    }

    static String toJson(Map<String, Object> facts) {
        try {
            return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(facts);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The bundle as plain maps and lists, in a stable order (this is the --json output). */
    static Map<String, Object> facts(ModelBundle bundle) {
        Manifest m = bundle.manifest();
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("folder", bundle.dir().toAbsolutePath().toString());
        f.put("name", m.name());
        f.put("version", m.version());
        f.put("format", m.format());
        f.put("license", m.license());
        f.put("provenance", m.provenance());
        f.put("video", ordered("width", m.video().width(), "height", m.video().height(), "frames", m.video().frames(),
                "fps", m.video().fps(), "sizes", m.video().sizes().stream().map(Object::toString).toList()));
        f.put("decoder", ordered("kind", m.decoder().kind().manifestName(), "working", m.decoder().working().toString(),
                "maps", m.decoder().maps().toString(), "window", m.decoder().chunks() ? m.decoder().window() : null,
                "tile", m.decoder().tiled() ? ordered("height", m.decoder().tile().height(), "width", m.decoder().tile().width(),
                        "overlap", m.decoder().tile().overlap(), "per_window", m.decoder().tile().tilesPerWindow(m.latent())) : null,
                "calls_per_clip", m.decoderCallsPerClip()));
        f.put("latent", ordered("channels", m.latent().channels(), "frames", m.latent().frames(),
                "height", m.latent().height(), "width", m.latent().width(),
                "spatial_ratio", m.latent().spatialRatio(), "temporal_ratio", m.latent().temporalRatio()));
        List<Object> schedules = new ArrayList<>();
        for (SigmaSchedule s : m.sampler().schedules()) {
            schedules.add(ordered("name", s.name(), "kind", s.kind().manifestName(), "steps", s.steps(), "sigmas", s.sigmas(),
                    "denoiser", s.denoiser().manifestName(), "guidance", s.guidance() == null ? null
                            : ordered("scale", s.guidance().scale(), "unconditional", s.guidance().unconditional())));
        }
        f.put("sampler", ordered("type", m.sampler().type(), "shift", m.sampler().shift(),
                "default_schedule", m.sampler().defaultSchedule(), "schedules", schedules,
                "teacher_any_steps", "teacher-N for N = 1..1000, computed from the shift"));
        MotionScoreSpec motion = m.conditioning().motionScore();
        Map<String, Object> cond = new LinkedHashMap<>();
        cond.put("motion_score", ordered("min", motion.min(), "max", motion.max(), "default", motion.defaultValue(),
                "unit", motion.unit()));
        CameraMotionSpec camera = m.conditioning().cameraMotion().orElse(null);
        cond.put("camera_motion", camera == null ? null
                : ordered("classes", camera.classes(), "default", camera.defaultClass()));
        cond.put("text", m.conditioning().text().map(t -> (Object) ordered("tokenizer", t.tokenizer(), "graph", t.graph().manifestName()))
                .orElse(null));
        f.put("conditioning", cond);
        Map<String, Object> variants = new LinkedHashMap<>();
        long totalBytes = 0;
        for (Map.Entry<String, Variant> e : new java.util.TreeMap<>(m.variants()).entrySet()) {
            Variant v = e.getValue();
            Map<String, Object> graphs = new java.util.TreeMap<>(); // by role name
            long bytes = 0;
            for (Map.Entry<GraphRole, String> g : v.graphs().entrySet()) {
                FileEntry file = m.files().get(g.getValue());
                long b = file == null ? 0 : file.bytes();
                bytes += b;
                graphs.put(g.getKey().manifestName(), ordered("file", g.getValue(), "bytes", b));
            }
            variants.put(e.getKey(), ordered("precision", v.precision(), "optimisations", v.optimisations(),
                    "bytes", bytes, "graphs", graphs));
        }
        for (FileEntry file : m.files().values()) {
            totalBytes += file.bytes();
        }
        f.put("variants", variants);
        f.put("files", ordered("count", m.files().size() + 1, "bytes", totalBytes));
        Map<String, Object> flops = new java.util.TreeMap<>(); // by role name
        for (Map.Entry<GraphRole, Double> e : m.flops().entrySet()) {
            flops.put(e.getKey().manifestName(), e.getValue());
        }
        Map<String, Object> perClip = new LinkedHashMap<>();
        for (SigmaSchedule s : m.sampler().schedules()) {
            perClip.put(s.name(), m.flopsPerClip(s));
        }
        f.put("flops_per_call", flops);
        f.put("flops_per_clip", perClip);
        return f;
    }

    private static Map<String, Object> ordered(Object... kv) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            map.put((String) kv[i], kv[i + 1]);
        }
        return map;
    }

    private static void printText(PrintWriter out, ModelBundle bundle, Map<String, Object> facts) {
        Manifest m = bundle.manifest();
        out.println(m.name() + " " + m.version() + "  (" + bundle.dir().toAbsolutePath() + ")");
        out.println("  licence     " + m.license());
        out.println("  provenance  " + m.provenance());
        out.println(String.format(Locale.ROOT, "  video       %dx%d, %d frames at %s fps (%.2f s)", m.video().width(),
                m.video().height(), m.video().frames(), num(m.video().fps()), m.video().frames() / m.video().fps()));
        if (m.video().sizes().size() > 1) {
            out.println("  sizes       " + m.video().sizes().stream().map(Object::toString)
                    .collect(java.util.stream.Collectors.joining(", ")) + " (--size)");
        }
        out.println("  decoder     " + (m.decoder().warps()
                ? "moves the picture's own pixels: flow, visibility, lighting and a synthesised fill predicted at "
                  + m.decoder().maps() + " from the nets' " + m.decoder().working() + ", the picture warped at the video size"
                : m.decoder().chunks()
                ? "vae-chunk: RGB frames at " + m.decoder().working() + ", " + m.decoder().window() + " of "
                  + m.latent().frames() + " latent frames per call, " + m.decoderCallsPerClip() + " call"
                  + (m.decoderCallsPerClip() == 1 ? "" : "s") + " per clip"
                  + (m.decoder().window() == m.latent().frames() ? " (exact)" : " (streams; differs from one whole call)")
                  + (m.decoder().tiled() ? String.format(Locale.ROOT, "; each window in %d tiles of %d x %d latent cells "
                        + "(overlap %d, blended: not exact)", m.decoder().tile().tilesPerWindow(m.latent()),
                        m.decoder().tile().height(), m.decoder().tile().width(), m.decoder().tile().overlap()) : "")
                : "RGB frames at " + m.decoder().working()));
        out.println(String.format(Locale.ROOT, "  latent      %d x %d x %d x %d (channels x frames x h x w), %dx spatial, %dx temporal",
                m.latent().channels(), m.latent().frames(), m.latent().height(), m.latent().width(),
                m.latent().spatialRatio(), m.latent().temporalRatio()));
        out.println("  sampler     " + m.sampler().type() + ", shift " + num(m.sampler().shift()) + ", default "
                + m.sampler().defaultSchedule());
        for (SigmaSchedule s : m.sampler().schedules()) {
            out.println(String.format(Locale.ROOT, "    %-14s %-9s %3d %s  sigmas %s  (%s)  %s/clip", s.name(), s.kind(),
                    s.steps(), s.steps() == 1 ? "step " : "steps", sigmas(s.sigmas()), s.denoiser(),
                    flops(m.flopsPerClip(s))) + (s.guidance() == null ? "" : "  CFG " + num(s.guidance().scale())
                    + " " + s.guidance().unconditional() + " (one denoiser call per step)"));
        }
        out.println("    teacher-N      any N from 1 to 1000, computed from the shift");
        MotionScoreSpec motion = m.conditioning().motionScore();
        out.println("  motion      " + num(motion.min()) + " to " + num(motion.max()) + ", default "
                + num(motion.defaultValue()) + (motion.unit() == null ? "" : "  (" + motion.unit() + ")"));
        out.println("  camera      " + m.conditioning().cameraMotion()
                .map(c -> String.join(", ", c.classes()) + "; default " + c.defaultClass()).orElse("none"));
        out.println("  text        " + m.conditioning().text().map(t -> "prompt via " + t.graph())
                .orElse("none (no prompt)"));
        @SuppressWarnings("unchecked")
        Map<String, Map<String, Object>> variants = (Map<String, Map<String, Object>>) facts.get("variants");
        for (Map.Entry<String, Map<String, Object>> v : variants.entrySet()) {
            out.println("  variant     " + v.getKey() + ": " + v.getValue().get("precision") + ", "
                    + GenerateOutput.humanBytes((Long) v.getValue().get("bytes"))
                    + (((List<?>) v.getValue().get("optimisations")).isEmpty() ? ""
                    : ", " + String.join(", ", (List<String>) v.getValue().get("optimisations"))));
            @SuppressWarnings("unchecked")
            Map<String, Map<String, Object>> graphs = (Map<String, Map<String, Object>>) v.getValue().get("graphs");
            for (Map.Entry<String, Map<String, Object>> g : graphs.entrySet()) {
                out.println(String.format(Locale.ROOT, "    %-17s %-34s %10s  %s/call", g.getKey(), g.getValue().get("file"),
                        GenerateOutput.humanBytes((Long) g.getValue().get("bytes")), flops(GraphRole.fromManifest(g.getKey()).map(m::flopsPerCall).orElse(0.0))));
            }
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> files = (Map<String, Object>) facts.get("files");
        out.println("  files       " + files.get("count") + " files, " + GenerateOutput.humanBytes((Long) files.get("bytes"))
                + " (sizes and SHA-256 checked)");
    }

    private static String sigmas(List<Double> s) {
        if (s.size() > 6) {
            return "[" + num(s.get(0)) + ", " + num(s.get(1)) + ", ... " + num(s.get(s.size() - 2)) + ", "
                    + num(s.get(s.size() - 1)) + "]";
        }
        List<String> out = new ArrayList<>();
        for (double v : s) {
            out.add(num(v));
        }
        return "[" + String.join(", ", out) + "]";
    }

    static String num(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e9) {
            return Long.toString((long) v);
        }
        String g = String.format(Locale.ROOT, "%.4g", v);
        // %.4g keeps trailing zeros (0.5000); they suggest precision the manifest does not state.
        return g.contains("e") || !g.contains(".") ? g : g.replaceAll("0+$", "").replaceAll("\\.$", "");
    }

    static String flops(double f) {
        if (f >= 1e12) {
            return String.format(Locale.ROOT, "%.2f TFLOP", f / 1e12);
        }
        if (f >= 1e9) {
            return String.format(Locale.ROOT, "%.2f GFLOP", f / 1e9);
        }
        return String.format(Locale.ROOT, "%.1f MFLOP", f / 1e6);
    }
}
