package studio.mobilei2v.cli;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.ToDoubleFunction;
import java.util.stream.Stream;

import javax.imageio.ImageIO;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import studio.mobilei2v.export.ClipDescription;
import studio.mobilei2v.export.ClipExporter;
import studio.mobilei2v.export.ExportException;
import studio.mobilei2v.export.ExportFormat;
import studio.mobilei2v.export.ExportOptions;
import studio.mobilei2v.export.FrameSink;
import studio.mobilei2v.export.GenerationParameters;
import studio.mobilei2v.export.RgbFrame;
import studio.mobilei2v.inference.Cancellation;
import studio.mobilei2v.inference.FitMode;
import studio.mobilei2v.inference.GenerationException;
import studio.mobilei2v.inference.GenerationListener;
import studio.mobilei2v.inference.GenerationRequest;
import studio.mobilei2v.inference.ModelImage;
import studio.mobilei2v.inference.RunReport;
import studio.mobilei2v.inference.VideoGenerator;
import studio.mobilei2v.inference.io.AtomicFiles;
import studio.mobilei2v.inference.bundle.BundleException;
import studio.mobilei2v.inference.bundle.ModelBundle;
import studio.mobilei2v.inference.bundle.SigmaSchedule;
import studio.mobilei2v.inference.image.ImageInputException;
import studio.mobilei2v.inference.image.SourceImage;
import studio.mobilei2v.inference.local.LocalOptions;
import studio.mobilei2v.inference.local.LocalVideoGenerator;
import studio.mobilei2v.inference.local.OrtProfileSummary;
import studio.mobilei2v.inference.local.ProcessMemory;

import static studio.mobilei2v.inference.Percentiles.nearestRank; // empty gives NaN, which round() prints as 0

/**
 * {@code bench}: the pipeline's latency (warm-up, then N timed runs: P50/P90 of clip, first
 * frame, stages, frames), achieved GFLOP/s against an ONNX Runtime MatMul probe in the same
 * process and against the CPU's nominal peak, peak memory, and the export of 17 frames of
 * 1280x720 to each video format. Prints a table; --json writes the same figures as JSON.
 */
@Command(name = "bench", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Measure generation latency, arithmetic efficiency and export speed.")
final class BenchCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--model", paramLabel = "DIR", description = "Model bundle folder (default: the bundled model).")
    Path model;

    @Option(names = "--runs", paramLabel = "N", defaultValue = "5", description = "Timed runs after the warm-up (default: ${DEFAULT-VALUE}).")
    int runs;

    @Option(names = "--steps", paramLabel = "S", description = "Sampler steps (default: the bundle's default schedule).")
    Integer steps;

    @Option(names = "--variant", paramLabel = "NAME", defaultValue = "desktop", description = "desktop or mobile (default: ${DEFAULT-VALUE}).")
    String variant;

    @Option(names = "--threads", paramLabel = "T", defaultValue = "0", description = "Threads per graph call (0 = all cores).")
    int threads;

    @Option(names = "--image", paramLabel = "IMG", description = "Source image (default: the first of assets/samples).")
    Path image;

    @Option(names = "--device", paramLabel = "SERIAL", description = "Benchmark a connected device instead of this computer.")
    String device;

    @Option(names = "--json", paramLabel = "FILE", description = "Also write the figures as JSON.")
    Path json;

    @Option(names = "--probe", paramLabel = "MxKxN", defaultValue = "2760x1152x4608",
            description = "MatMul probe shape (default: the full-size denoiser's, ${DEFAULT-VALUE}); 'none' to skip.")
    String probe;

    @Option(names = "--memory", paramLabel = "MODE", defaultValue = "lean",
            description = "ONNX Runtime activation memory: 'lean' (default: malloc per node, freed when dead) or 'arena' "
                    + "(ONNX Runtime's CPU arena + memory pattern; much higher peak memory on large models).")
    String memory;

    @Option(names = "--profile", paramLabel = "DIR",
            description = "Write ONNX Runtime's per-node profile of each graph into DIR and print the operators taking the most time.")
    Path profile;

    @Option(names = "--export-only", description = "Only the export benchmark (no model needed).")
    boolean exportOnly;

    @Option(names = "--no-export", description = "Skip the export benchmark.")
    boolean noExport;

    @Option(names = {"-v", "--verbose"}, description = "Stack traces on errors.")
    boolean verbose;

    @Override
    public Integer call() throws Exception {
        if (runs < 1 || runs > 1000) {
            throw new BadInputException("--runs " + runs + ": must be 1 to 1000");
        }
        if (!"none".equalsIgnoreCase(probe)) {
            parseProbe(probe); // a typo fails now, not after minutes of runs
        }
        memoryMode(memory);
        if (json != null) {
            OutputPreflight.check("--json", json, false);
        }
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Map<String, Object> result = new LinkedHashMap<>();
        if (!exportOnly) {
            benchPipeline(result, out, err);
        }
        if (!noExport) {
            benchExport(result, out, err);
        }
        if (json != null) {
            Path target = json.toAbsolutePath().normalize();
            AtomicFiles.write(target, (InfoCommand.toJson(result) + "\n").getBytes(StandardCharsets.UTF_8));
            out.println("json: " + target);
        }
        out.flush();
        return ExitCodes.OK;
    }

    private void benchPipeline(Map<String, Object> result, PrintWriter out, PrintWriter err) throws Exception {
        Path dir = ModelLocator.bundle(model);
        ModelBundle bundle;
        try {
            bundle = ModelBundle.open(dir);
        } catch (BundleException e) {
            throw new BadInputException(dir + ": " + e.getMessage(), e);
        }
        SigmaSchedule schedule;
        try {
            schedule = steps == null ? bundle.sampler().resolve(null).orElseThrow() : bundle.sampler().forSteps(steps);
        } catch (IllegalArgumentException e) {
            throw new BadInputException("--steps " + steps + ": " + e.getMessage());
        }
        ModelImage fitted = sourceImage(bundle);
        LocalOptions options = LocalOptions.defaults().withVariant(variant).withThreads(threads)
                .withMemory(memoryMode(memory));
        if (profile != null) {
            if (device != null) {
                throw new BadInputException("--profile: only for runs on this computer (not with --device)");
            }
            options = options.withProfile(profile.toAbsolutePath().normalize());
        }
        GenerationRequest request = new GenerationRequest(fitted, 0, schedule.name(), null, null);
        err.println("bench: " + bundle.name() + " " + bundle.version() + ", " + variant + ", " + schedule.name()
                + ", warm-up + " + runs + " runs ...");
        err.flush();
        double initMs = 0;
        List<RunReport> reports = new ArrayList<>();
        RunReport first;
        LocalVideoGenerator localGen = null;
        Long loadPeak = null;
        try (VideoGenerator gen = GeneratorTargets.open(bundle, options, device)) {
            if (gen instanceof LocalVideoGenerator local) {
                localGen = local;
                try {
                    initMs = local.warmUp();
                    loadPeak = ProcessMemory.peakRssBytes(); // before the runs reset the kernel's peak counter
                } catch (BundleException e) {
                    throw new BadInputException(dir + ": " + e.getMessage(), e);
                }
            }
            first = run(gen, request);
            if (!(gen instanceof LocalVideoGenerator)) {
                initMs = first.initMs();
            }
            for (int i = 0; i < runs; i++) {
                reports.add(run(gen, request.withSeed(i + 1)));
            }
        }
        int usedThreads = reports.get(0).placement().threads();
        result.put("memory_mode", memory.toLowerCase(Locale.ROOT));
        if (profile != null && localGen != null) {
            result.put("profile", printProfiles(out, localGen.profiles())); // written when the generator closed
        }
        result.put("model", bundle.name() + " " + bundle.version());
        result.put("variant", variant);
        result.put("schedule", schedule.name());
        result.put("target", reports.get(0).placement().target());
        result.put("device", reports.get(0).placement().device());
        result.put("threads", usedThreads);
        result.put("runs", runs);
        result.put("init_ms", round(initMs));
        result.put("first_run_ms", round(first.totalMs()));
        result.put("clip_ms", p5090(reports, RunReport::totalMs));
        result.put("first_frame_ms", p5090(reports, RunReport::firstFrameMs));
        Map<String, Object> stages = new LinkedHashMap<>();
        stages.put("encoder", Map.of("p50", round(nearestRank(values(reports, r -> r.stages().encoderMs()), 50))));
        stages.put("denoiser", Map.of("p50", round(nearestRank(values(reports, r -> r.stages().denoiserMs()), 50))));
        stages.put("decoder", Map.of("p50", round(nearestRank(values(reports, r -> r.stages().decoderMs()), 50))));
        stages.put("warp", Map.of("p50", round(nearestRank(values(reports, r -> r.stages().warpMs()), 50))));
        result.put("stages_ms", stages);
        List<Double> frameMs = new ArrayList<>();
        for (RunReport r : reports) {
            frameMs.addAll(r.frameMs());
        }
        result.put("per_frame_ms", Map.of("p50", round(nearestRank(frameMs, 50)), "p90", round(nearestRank(frameMs, 90))));
        double achieved = nearestRank(values(reports, r -> r.compute().gflopsPerSecond()), 50);
        result.put("gflops_achieved", round(achieved));
        // per stage: the manifest's FLOPs per call x calls per run / that stage's p50 time, so that the
        // figure and the p50 time printed beside it describe the same run
        var manifest = bundle.manifest();
        RunReport.Compute calls = reports.get(0).compute();
        double denGflops = stageGflops(reports, calls.denoiserCalls() * manifest.flopsPerCall(schedule.denoiser()),
                r -> r.stages().denoiserMs());
        Map<String, Object> stageGflops = new LinkedHashMap<>();
        stageGflops.put("encoder", round(stageGflops(reports, calls.encoderCalls() * manifest.flopsPerCall("encoder"),
                r -> r.stages().encoderMs())));
        stageGflops.put("denoiser", round(denGflops));
        stageGflops.put("decoder", round(stageGflops(reports, calls.decoderCalls() * manifest.flopsPerCall("decoder"),
                r -> r.stages().decoderMs())));
        result.put("stage_gflops", stageGflops);
        if (!"none".equalsIgnoreCase(probe) && device == null) {
            int[] shape = parseProbe(probe);
            err.println("bench: ONNX Runtime MatMul probe " + probe + " on " + usedThreads + " threads ...");
            err.flush();
            MatMulProbe.Result p = MatMulProbe.run(shape[0], shape[1], shape[2], usedThreads, 3);
            result.put("gflops_peak_probe", round(p.gflops()));
            result.put("probe", Map.of("shape", probe, "median_ms", round(p.medianMs())));
            result.put("roofline_efficiency", Math.round(achieved / p.gflops() * 1000) / 1000.0);
            result.put("denoiser_roofline_efficiency", Math.round(denGflops / p.gflops() * 1000) / 1000.0);
        }
        if (device == null) {
            HardwarePeak hw = HardwarePeak.detect();
            Map<String, Object> peak = new LinkedHashMap<>();
            peak.put("cpu", hw.cpu());
            peak.put("isa", hw.isa());
            peak.put("lanes", hw.lanes());
            peak.put("fma_units_per_core", hw.fmaUnits());
            peak.put("ghz", hw.ghz());
            peak.put("cores", hw.cores());
            peak.put("gflops", round(hw.gflops()));
            result.put("hardware_peak", peak);
            if (hw.gflops() > 0) {
                result.put("hardware_efficiency", Math.round(achieved / hw.gflops() * 1000) / 1000.0);
            }
        }
        long rss = 0;
        for (RunReport r : reports) {
            if (r.memory().rssPeakBytes() != null) {
                rss = Math.max(rss, r.memory().rssPeakBytes());
            }
        }
        result.put("peak_rss_mb", rss == 0 ? null : round(rss / (1024.0 * 1024)));
        if (loadPeak != null) {
            // the process's peak while the sessions were created (graph loading and optimisation)
            result.put("load_peak_rss_mb", round(loadPeak / (1024.0 * 1024)));
        }
        printPipeline(out, result);
    }

    /** One stage's GFLOP/s: its FLOPs per run over its p50 time across the runs. */
    private static double stageGflops(List<RunReport> reports, double flopsPerRun, ToDoubleFunction<RunReport> stageMs) {
        double ms = nearestRank(values(reports, stageMs), 50);
        return ms > 0 ? flopsPerRun / ms / 1e6 : 0;
    }

    static LocalOptions.Memory memoryMode(String mode) throws BadInputException {
        return switch (mode.toLowerCase(Locale.ROOT)) {
            case "lean" -> LocalOptions.Memory.LEAN;
            case "arena" -> LocalOptions.Memory.ARENA;
            default -> throw new BadInputException("--memory " + mode + ": must be 'lean' or 'arena'");
        };
    }

    /** The operators taking most time in each graph's ONNX Runtime profile (top 8 printed, all in the JSON). */
    private static Map<String, Object> printProfiles(PrintWriter out, Map<String, Path> files) {
        Map<String, Object> all = new LinkedHashMap<>();
        for (Map.Entry<String, Path> f : files.entrySet()) {
            Map<String, Object> g = new LinkedHashMap<>();
            try {
                OrtProfileSummary sum = OrtProfileSummary.read(f.getValue());
                g.put("file", f.getValue().toString());
                g.put("calls", sum.runs());
                g.put("kernel_ms", round(sum.kernelMs()));
                List<Map<String, Object>> ops = new ArrayList<>();
                out.printf(Locale.ROOT, "profile %s (%d calls, %.0f ms in kernels): %s%n", f.getKey(), sum.runs(),
                        sum.kernelMs(), f.getValue());
                int shown = 0;
                for (OrtProfileSummary.OpTime op : sum.ops()) {
                    Map<String, Object> o = new LinkedHashMap<>();
                    o.put("op", op.op());
                    o.put("nodes", op.nodes());
                    o.put("total_ms", round(op.totalMs()));
                    o.put("share", Math.round(op.share() * 1000) / 1000.0);
                    ops.add(o);
                    if (shown++ < 8) {
                        out.printf(Locale.ROOT, "  %-28s %4d nodes %10.1f ms %5.1f%%%n", op.op(), op.nodes(), op.totalMs(),
                                op.share() * 100);
                    }
                }
                g.put("ops", ops);
            } catch (IOException e) {
                g.put("error", e.getMessage());
                out.println("profile " + f.getKey() + ": " + e.getMessage());
            }
            all.put(f.getKey(), g);
        }
        return all;
    }

    private static RunReport run(VideoGenerator gen, GenerationRequest request) throws CommandFailedException {
        try {
            return gen.generate(request, new GenerationListener() { }, new Cancellation());
        } catch (GenerationException e) {
            throw new CommandFailedException(e.getMessage(), e);
        }
    }

    private ModelImage sourceImage(ModelBundle bundle) throws BadInputException {
        Path img = image != null ? image : defaultSample();
        if (img == null) {
            // No sample shipped: a smooth gradient, so the run still measures the same graphs.
            int w = bundle.video().width();
            int h = bundle.video().height();
            byte[] rgb = new byte[w * h * 3];
            for (int i = 0; i < w * h; i++) {
                rgb[i * 3] = (byte) (255 * (i % w) / w);
                rgb[i * 3 + 1] = (byte) (255 * (i / w) / h);
                rgb[i * 3 + 2] = (byte) 128;
            }
            return ModelImage.ofPixels(w, h, rgb);
        }
        try {
            return SourceImage.load(img).fit(bundle.video(), FitMode.CROP);
        } catch (ImageInputException e) {
            throw new BadInputException(e.getMessage(), e);
        }
    }

    private static Path defaultSample() {
        Path home = ModelLocator.home();
        if (home == null) {
            return null;
        }
        try (Stream<Path> s = Files.list(home.resolve("assets/samples"))) {
            return s.filter(p -> p.getFileName().toString().startsWith("sample")).sorted().findFirst().orElse(null);
        } catch (IOException e) {
            return null;
        }
    }

    /**
     * 17 frames of 1280x720 through each video exporter, the way generate writes them (metadata,
     * source image, temporary name, verification, rename). The frames are a sample photo panning
     * 6 px per frame: natural content with motion, like a trained model's output.
     */
    private void benchExport(Map<String, Object> result, PrintWriter out, PrintWriter err) throws Exception {
        int w = 1280;
        int h = 720;
        int frames = 17;
        List<RgbFrame> clip = panningClip(w, h, frames);
        Path tmp = Files.createTempDirectory("mobilei2v-bench-");
        Map<String, Object> export = new LinkedHashMap<>();
        try {
            err.println("bench: export " + frames + " frames of " + w + "x" + h + " x " + runs + " runs per format ...");
            err.flush();
            for (ExportFormat format : List.of(ExportFormat.MP4_H264, ExportFormat.WEBM_VP9, ExportFormat.GIF)) {
                List<Double> ms = new ArrayList<>();
                List<Double> cpu = new ArrayList<>();
                long bytes = 0;
                timeExport(tmp, format, clip); // warm-up: native libraries, JIT
                for (int i = 0; i < runs; i++) {
                    long c0 = processCpuNanos();
                    long t0 = System.nanoTime();
                    bytes = timeExport(tmp, format, clip);
                    ms.add((System.nanoTime() - t0) / 1e6);
                    cpu.add((processCpuNanos() - c0) / 1e6);
                }
                Map<String, Object> f = new LinkedHashMap<>();
                f.put("p50", round(nearestRank(ms, 50)));
                f.put("p90", round(nearestRank(ms, 90)));
                // CPU time of the whole process (encoder threads are native): on a shared, busy
                // machine wall time mostly measures the neighbours; CPU time / cores is the
                // wall time an idle machine would show when the encoder keeps every core busy.
                f.put("cpu_ms_p50", round(nearestRank(cpu, 50)));
                f.put("bytes", bytes);
                export.put(format.name().toLowerCase(Locale.ROOT), f);
            }
        } finally {
            try (Stream<Path> s = Files.walk(tmp)) {
                for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
        result.put("export_17x1280x720_ms", export);
        out.println("export: 17 frames of 1280x720 (wall time from open to renamed file, " + runs + " runs)");
        for (Map.Entry<String, Object> e : export.entrySet()) {
            @SuppressWarnings("unchecked")
            Map<String, Object> f = (Map<String, Object>) e.getValue();
            out.println(String.format(Locale.ROOT, "  %-10s p50 %7.1f ms   p90 %7.1f ms   cpu p50 %7.1f ms   %s%s", e.getKey(),
                    f.get("p50"), f.get("p90"), f.get("cpu_ms_p50"), GenerateCommand.humanBytes((Long) f.get("bytes")),
                    e.getKey().equals("mp4_h264") ? "   (goal: at most 500 ms)" : ""));
        }
    }

    private static long processCpuNanos() {
        java.lang.management.OperatingSystemMXBean os = java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.OperatingSystemMXBean sun) {
            return sun.getProcessCpuTime();
        }
        return 0;
    }

    private static long timeExport(Path dir, ExportFormat format, List<RgbFrame> clip) throws ExportException {
        GenerationParameters params = new GenerationParameters("bench", "0", "desktop", 0, "distilled-1", 1,
                List.of(1.0, 0.0), 2.0, null, "crop", "bench.png", null, "this computer");
        RgbFrame first = clip.get(0);
        ClipDescription d = new ClipDescription(params, null, null, clip.size(), first.width(), first.height(), 17);
        Path target = dir.resolve("bench." + format.extension());
        try (FrameSink sink = ClipExporter.open(target, ExportOptions.of(format, 17), List.of(d))) {
            for (RgbFrame f : clip) {
                sink.accept(f);
            }
            return sink.finish().bytes();
        }
    }

    private static List<RgbFrame> panningClip(int w, int h, int frames) throws IOException {
        Path sample = defaultSample();
        BufferedImage src = sample == null ? null : ImageIO.read(sample.toFile());
        int pan = 6;
        int wide = w + pan * frames;
        BufferedImage canvas = new BufferedImage(wide, h, BufferedImage.TYPE_3BYTE_BGR);
        Graphics2D g = canvas.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BICUBIC);
            if (src != null) {
                g.drawImage(src, 0, 0, wide, h, null);
            } else {
                for (int x = 0; x < wide; x += 40) {
                    g.setColor(new java.awt.Color((x * 7) % 256, (x * 3) % 256, 200 - (x % 200)));
                    g.fillRect(x, 0, 40, h);
                }
            }
        } finally {
            g.dispose();
        }
        List<RgbFrame> clip = new ArrayList<>();
        for (int i = 0; i < frames; i++) {
            clip.add(RgbFrame.fromImage(canvas.getSubimage(i * pan, 0, w, h)));
        }
        return clip;
    }

    private static int[] parseProbe(String s) throws BadInputException {
        String[] parts = s.toLowerCase(Locale.ROOT).split("x");
        try {
            if (parts.length == 3) {
                int[] v = {Integer.parseInt(parts[0]), Integer.parseInt(parts[1]), Integer.parseInt(parts[2])};
                if (v[0] > 0 && v[1] > 0 && v[2] > 0 && (long) v[0] * v[1] < 1 << 28 && (long) v[1] * v[2] < 1 << 28) {
                    return v;
                }
            }
        } catch (NumberFormatException ignored) {
            // falls through
        }
        throw new BadInputException("--probe " + s + ": expected MxKxN, e.g. 2760x1152x4608, or 'none'");
    }

    private void printPipeline(PrintWriter out, Map<String, Object> r) {
        out.println(String.format(Locale.ROOT, "bench: %s (%s), %s, %s threads, %s runs after a warm-up, target %s",
                r.get("model"), r.get("variant"), r.get("schedule"), r.get("threads"), r.get("runs"), r.get("target")));
        out.println(String.format(Locale.ROOT, "  session init        %9.1f ms", r.get("init_ms")));
        out.println(String.format(Locale.ROOT, "  first run           %9.1f ms", r.get("first_run_ms")));
        row(out, "clip", r.get("clip_ms"));
        row(out, "first frame", r.get("first_frame_ms"));
        @SuppressWarnings("unchecked")
        Map<String, Map<String, Object>> stages = (Map<String, Map<String, Object>>) r.get("stages_ms");
        for (Map.Entry<String, Map<String, Object>> e : stages.entrySet()) {
            out.println(String.format(Locale.ROOT, "  %-19s p50 %7.1f ms", e.getKey(), e.getValue().get("p50")));
        }
        row(out, "per frame (decoder)", r.get("per_frame_ms"));
        out.println(String.format(Locale.ROOT, "  achieved            %9.1f GFLOP/s (manifest FLOPs / graph time)", r.get("gflops_achieved")));
        if (r.containsKey("gflops_peak_probe")) {
            out.println(String.format(Locale.ROOT, "  ORT MatMul probe    %9.1f GFLOP/s (%s)  roofline efficiency %.1f%%",
                    r.get("gflops_peak_probe"), probe, 100 * (Double) r.get("roofline_efficiency")));
            out.println(String.format(Locale.ROOT, "  denoiser alone      %9.1f GFLOP/s  roofline efficiency %.1f%%",
                    ((Map<?, ?>) r.get("stage_gflops")).get("denoiser"), 100 * (Double) r.get("denoiser_roofline_efficiency")));
        }
        if (r.containsKey("hardware_peak")) {
            HardwarePeak hw = HardwarePeak.detect();
            out.println("  hardware peak       " + hw.describe()
                    + (r.containsKey("hardware_efficiency") ? String.format(Locale.ROOT, "; efficiency %.1f%%",
                    100 * (Double) r.get("hardware_efficiency")) : ""));
        }
        out.println("  peak RSS            " + (r.get("peak_rss_mb") == null ? "unavailable"
                : String.format(Locale.ROOT, "%9.1f MB", r.get("peak_rss_mb"))) + " (during a run)");
        if (r.get("load_peak_rss_mb") != null) {
            out.println(String.format(Locale.ROOT, "  peak RSS at load    %9.1f MB (creating the sessions)", r.get("load_peak_rss_mb")));
        }
        out.flush();
    }

    private static void row(PrintWriter out, String name, Object v) {
        @SuppressWarnings("unchecked")
        Map<String, Object> m = (Map<String, Object>) v;
        out.println(String.format(Locale.ROOT, "  %-19s p50 %7.1f ms   p90 %7.1f ms", name, m.get("p50"), m.get("p90")));
    }

    private static List<Double> values(List<RunReport> reports, ToDoubleFunction<RunReport> f) {
        List<Double> v = new ArrayList<>();
        for (RunReport r : reports) {
            v.add(f.applyAsDouble(r));
        }
        return v;
    }

    private static Map<String, Object> p5090(List<RunReport> reports, ToDoubleFunction<RunReport> f) {
        List<Double> v = values(reports, f);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("p50", round(nearestRank(v, 50)));
        m.put("p90", round(nearestRank(v, 90)));
        return m;
    }

    private static double round(double v) {
        return Math.round(v * 10) / 10.0;
    }
}
