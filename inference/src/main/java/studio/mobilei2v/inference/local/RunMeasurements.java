package studio.mobilei2v.inference.local;

import studio.mobilei2v.inference.GenerationRequest;
import studio.mobilei2v.inference.ModelImage;
import studio.mobilei2v.inference.RunReport;
import studio.mobilei2v.inference.bundle.GraphRole;
import studio.mobilei2v.inference.bundle.ModelBundle;
import studio.mobilei2v.inference.bundle.SigmaSchedule;
import studio.mobilei2v.inference.bundle.Variant;
import studio.mobilei2v.inference.bundle.VideoSpec;

import java.util.List;

/**
 * What one local run measured, turned into its {@link RunReport} (with the FLOPs of the graph
 * calls made, the memory peaks and where it ran).
 *
 * @param decoderCalls the decoder graph calls made (FrameDecoding counts them: per frame, or per vae-chunk window)
 * @param rssPerRun whether the RSS peak was reset at the start of the run (else it is the process's)
 */
record RunMeasurements(String startedAt, boolean firstRun, double initMs, double preprocessMs, double encoderMs,
                       double denoiserMs, double decoderMs, double warpMs, int decoderCalls, List<Double> stepMs,
                       List<Double> frameMs,
                       double firstFrameMs, double totalMs, long heapPeak, boolean rssPerRun) {

    RunReport report(ModelBundle bundle, Variant variant, LocalOptions options, String ortVersion,
                     GenerationRequest request, RequestPlan plan) {
        ModelImage img = request.image();
        VideoSpec video = bundle.video();
        SigmaSchedule s = plan.schedule();
        var manifest = bundle.manifest();
        int denCalls = s.steps();
        double flops = manifest.flopsPerCall(GraphRole.ENCODER) + denCalls * manifest.flopsPerCall(s.denoiser())
                + decoderCalls * manifest.flopsPerCall(GraphRole.DECODER);
        double modelMs = encoderMs + denoiserMs + decoderMs;
        Long rss = ProcessMemory.peakRssBytes();
        String rssScope = rss == null ? "unavailable" : rssPerRun ? "run" : "process";
        return new RunReport(RunReport.FORMAT, startedAt,
                new RunReport.Model(bundle.name(), bundle.version(), variant.name(), variant.precision()),
                placement(options, ortVersion),
                new RunReport.Parameters(request.seed(), s.name(), s.steps(), s.sigmas(), plan.motionScore(),
                        plan.camera(), img.fit().wireName(), img.crop(), img.sourceName(),
                        img.sourceSha256(), img.width(), img.height(), video.frames(), video.fps()),
                firstRun, initMs,
                new RunReport.StageTimes(img.loadMs(), preprocessMs, encoderMs, denoiserMs, decoderMs, warpMs),
                List.copyOf(stepMs), List.copyOf(frameMs), firstFrameMs, totalMs,
                new RunReport.Memory(heapPeak, rss, rssScope),
                new RunReport.Compute(1, denCalls, decoderCalls, flops, modelMs > 0 ? flops / (modelMs / 1000.0) / 1e9 : 0));
    }

    private static RunReport.Placement placement(LocalOptions options, String ortVersion) {
        String device = options.device();
        if (device == null) {
            String host = System.getenv("HOSTNAME");
            device = (host == null || host.isBlank() ? "this computer" : host) + ", "
                    + Runtime.getRuntime().availableProcessors() + " cores";
        }
        return new RunReport.Placement(options.target(), device, options.executionProvider(),
                options.effectiveThreads(), System.getProperty("os.name") + " " + System.getProperty("os.version"),
                System.getProperty("os.arch"),
                System.getProperty("java.vm.name") + " " + System.getProperty("java.version") + ", onnxruntime " + ortVersion);
    }
}
