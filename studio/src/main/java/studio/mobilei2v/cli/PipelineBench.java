package studio.mobilei2v.cli;

import studio.mobilei2v.inference.local.HardwarePeak;
import studio.mobilei2v.cli.BenchFigures.Hardware;
import studio.mobilei2v.cli.BenchFigures.P50;
import studio.mobilei2v.cli.BenchFigures.P5090;
import studio.mobilei2v.cli.BenchFigures.Pipeline;
import studio.mobilei2v.cli.BenchFigures.Probe;
import studio.mobilei2v.cli.BenchFigures.StageGflops;
import studio.mobilei2v.cli.BenchFigures.Stages;
import studio.mobilei2v.inference.Cancellation;
import studio.mobilei2v.inference.FitMode;
import studio.mobilei2v.inference.GenerationException;
import studio.mobilei2v.inference.GenerationListener;
import studio.mobilei2v.inference.GenerationRequest;
import studio.mobilei2v.inference.ModelImage;
import studio.mobilei2v.inference.RunReport;
import studio.mobilei2v.inference.VideoGenerator;
import studio.mobilei2v.inference.bundle.BundleException;
import studio.mobilei2v.inference.bundle.GraphRole;
import studio.mobilei2v.inference.bundle.ModelBundle;
import studio.mobilei2v.inference.bundle.SigmaSchedule;
import studio.mobilei2v.inference.image.ImageInputException;
import studio.mobilei2v.inference.image.SourceImage;
import studio.mobilei2v.inference.local.LocalOptions;
import studio.mobilei2v.inference.local.LocalVideoGenerator;
import studio.mobilei2v.inference.local.RequestPlan;
import studio.mobilei2v.inference.local.ProcessMemory;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;

import static studio.mobilei2v.cli.BenchFigures.p50;
import static studio.mobilei2v.cli.BenchFigures.ratio;
import static studio.mobilei2v.cli.BenchFigures.round;

/**
 * The pipeline half of {@code bench}: a warm-up, N timed runs, then the figures (P50/P90 of clip,
 * first frame, stages, frames; GFLOP/s against an ONNX Runtime MatMul probe run in the same process
 * and against the CPU's nominal peak; peak memory).
 */
final class PipelineBench {
    private final BenchCommand o;

    PipelineBench(BenchCommand options) {
        this.o = options;
    }

    Pipeline run(PrintWriter out, PrintWriter err) throws Exception {
        ModelBundle bundle = ClipPlan.openBundle(o.runtime.model);
        SigmaSchedule schedule = ClipPlan.request(bundle, new RequestPlan.Choices(o.runtime.variant, o.steps, null, null, null,
                null)).schedule();
        LocalOptions options = o.runtime.localOptions(o.device == null);
        if (o.profile != null) {
            if (o.device != null) {
                throw new BadInputException("--profile: only for runs on this computer (not with --device)");
            }
            options = options.withProfile(o.profile.toAbsolutePath().normalize());
        }
        GenerationRequest request = new GenerationRequest(sourceImage(bundle), 0, schedule.name(), null, null);
        err.println("bench: " + bundle.name() + " " + bundle.version() + ", " + o.runtime.variant + ", " + schedule.name()
                + ", warm-up + " + o.runs + " runs ...");
        err.flush();
        double initMs = 0;
        List<RunReport> reports = new ArrayList<>();
        RunReport first;
        LocalVideoGenerator localGen = null;
        Long loadPeak = null;
        try (VideoGenerator gen = GeneratorTargets.open(bundle, options, o.device, o.adbServer.value())) {
            if (gen instanceof LocalVideoGenerator local) {
                localGen = local;
                try {
                    initMs = local.warmUp();
                    loadPeak = ProcessMemory.peakRssBytes(); // before the runs reset the kernel's peak counter
                } catch (BundleException e) {
                    throw new BadInputException(bundle.dir() + ": " + e.getMessage(), e);
                }
            }
            first = run(gen, request);
            if (!(gen instanceof LocalVideoGenerator)) {
                initMs = first.initMs();
            }
            for (int i = 0; i < o.runs; i++) {
                reports.add(run(gen, request.withSeed(i + 1)));
            }
        }
        // written when the generator closed
        Map<String, ProfileTable.Graph> profiles = o.profile != null && localGen != null ? ProfileTable.print(out, localGen.profiles()) : null;
        int threads = reports.get(0).placement().threads();
        List<Double> frameMs = new ArrayList<>();
        reports.forEach(r -> frameMs.addAll(r.frameMs()));
        double achieved = p50(reports, r -> r.compute().gflopsPerSecond());
        // per stage: the manifest's FLOPs per call x calls per run / that stage's p50 time, so that the
        // figure and the p50 time printed beside it describe the same run
        var manifest = bundle.manifest();
        RunReport.Compute calls = reports.get(0).compute();
        double denGflops = stageGflops(reports, calls.denoiserCalls() * manifest.flopsPerCall(schedule.denoiser()),
                r -> r.stages().denoiserMs());
        StageGflops stageGflops = new StageGflops(
                round(stageGflops(reports, calls.encoderCalls() * manifest.flopsPerCall(GraphRole.ENCODER), r -> r.stages().encoderMs())),
                round(denGflops),
                round(stageGflops(reports, calls.decoderCalls() * manifest.flopsPerCall(GraphRole.DECODER), r -> r.stages().decoderMs())));
        Double probeGflops = null;
        Probe probe = null;
        if (!"none".equalsIgnoreCase(o.probe) && o.device == null) {
            int[] shape = BenchCommand.parseProbe(o.probe);
            err.println("bench: ONNX Runtime MatMul probe " + o.probe + " on " + threads + " threads ...");
            err.flush();
            MatMulProbe.Result p = MatMulProbe.run(shape[0], shape[1], shape[2], threads, 3);
            probeGflops = round(p.gflops());
            probe = new Probe(o.probe, round(p.medianMs()));
        }
        HardwarePeak hw = o.device == null ? HardwarePeak.detect() : null;
        long rss = reports.stream().map(r -> r.memory().rssPeakBytes()).filter(b -> b != null).mapToLong(Long::longValue).max().orElse(0);
        return new Pipeline(o.runtime.memory.toLowerCase(Locale.ROOT), profiles, bundle.name() + " " + bundle.version(), o.runtime.variant,
                schedule.name(), reports.get(0).placement().target(), reports.get(0).placement().device(), threads, o.runs,
                round(initMs), round(first.totalMs()), P5090.of(reports, RunReport::totalMs),
                P5090.of(reports, RunReport::firstFrameMs),
                new Stages(stage(reports, r -> r.stages().encoderMs()), stage(reports, r -> r.stages().denoiserMs()),
                        stage(reports, r -> r.stages().decoderMs()), stage(reports, r -> r.stages().warpMs())),
                P5090.of(frameMs), round(achieved), stageGflops, probeGflops, probe,
                probeGflops == null ? null : ratio(achieved, probeGflops),
                probeGflops == null ? null : ratio(denGflops, probeGflops),
                hw == null ? null : Hardware.of(hw), hw != null && hw.gflops() > 0 ? ratio(achieved, hw.gflops()) : null,
                rss == 0 ? null : round(rss / (1024.0 * 1024)),
                loadPeak == null ? null : round(loadPeak / (1024.0 * 1024)));
    }

    private static P50 stage(List<RunReport> reports, ToDoubleFunction<RunReport> f) {
        return new P50(round(p50(reports, f)));
    }

    /** One stage's GFLOP/s: its FLOPs per run over its p50 time across the runs. */
    private static double stageGflops(List<RunReport> reports, double flopsPerRun, ToDoubleFunction<RunReport> stageMs) {
        double ms = p50(reports, stageMs);
        return ms > 0 ? flopsPerRun / ms / 1e6 : 0;
    }

    private static RunReport run(VideoGenerator gen, GenerationRequest request) throws CommandFailedException {
        try {
            return gen.generate(request, new GenerationListener() { }, new Cancellation());
        } catch (GenerationException e) {
            throw new CommandFailedException(e.getMessage(), e);
        }
    }

    private ModelImage sourceImage(ModelBundle bundle) throws BadInputException {
        Path img = o.image != null ? o.image : BenchCommand.defaultSample();
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
}
