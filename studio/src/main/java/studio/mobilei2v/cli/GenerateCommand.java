package studio.mobilei2v.cli;

import studio.mobilei2v.image.PngFiles;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;


import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import studio.mobilei2v.export.ClipDescription;
import studio.mobilei2v.export.ClipExporter;
import studio.mobilei2v.export.ExportException;
import studio.mobilei2v.export.ExportFormat;
import studio.mobilei2v.export.ExportOptions;
import studio.mobilei2v.export.ExportResult;
import studio.mobilei2v.export.FrameSink;
import studio.mobilei2v.export.GenerationParameters;
import studio.mobilei2v.export.RgbFrame;
import studio.mobilei2v.inference.Cancellation;
import studio.mobilei2v.inference.GenerationCancelledException;
import studio.mobilei2v.inference.GenerationException;
import studio.mobilei2v.inference.GenerationListener;
import studio.mobilei2v.inference.GenerationRequest;
import studio.mobilei2v.inference.InvalidRequestException;
import studio.mobilei2v.inference.ModelImage;
import studio.mobilei2v.inference.RunReport;
import studio.mobilei2v.inference.VideoFrame;
import studio.mobilei2v.inference.VideoGenerator;
import studio.mobilei2v.inference.bundle.BundleException;
import studio.mobilei2v.inference.bundle.ModelBundle;
import studio.mobilei2v.inference.image.ImageInputException;
import studio.mobilei2v.inference.image.SourceImage;
import studio.mobilei2v.inference.io.AtomicFiles;

/**
 * {@code generate}: one image in, one video out. Everything the user typed is checked before the
 * model runs (bad input: exit 2, one line, nothing written); frames then stream from the decoder
 * into the encoder as they are produced.
 */
@Command(name = "generate", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Make a video from one image. The extension of --out picks the format:"
                + " .mp4 (H.264), .webm (VP9), .gif, or a folder for PNG frames.")
final class GenerateCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ClipOptions clip = new ClipOptions();

    @Option(names = "--image", required = true, paramLabel = "IMG", description = "Source image (JPEG, PNG, BMP, GIF, WebP).")
    Path image;

    @Option(names = "--out", required = true, paramLabel = "OUT", description = "Output: clip.mp4, clip.webm, clip.gif or a folder.")
    Path out;

    @Option(names = "--frames-dir", paramLabel = "DIR", description = "Also write every frame as PNG: 000.png, 001.png, ...")
    Path framesDir;

    @Option(names = "--report", paramLabel = "FILE.json", description = "Write the run report (timings, memory, FLOPs) as JSON.")
    Path report;

    @Option(names = "--device", paramLabel = "SERIAL", description = "Run on a connected device (see `devices`) instead of this computer.")
    String device;

    @Mixin
    AdbServerOption adbServer = new AdbServerOption();

    @Mixin
    ConsoleOptions console = new ConsoleOptions();

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        PrintWriter outWriter = spec.commandLine().getOut();
        console.apply();
        ClipPlan plan = plan();
        ModelImage fitted = loadImage(plan);

        GenerationRequest request = new GenerationRequest(fitted, clip.seed, plan.schedule().name(), plan.motionScore(),
                plan.camera());
        ClipDescription description = describe(plan, fitted);

        Cancellation cancel = new Cancellation();
        CountDownLatch finished = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            // Ctrl-C: stop the run and give the main thread time to delete its temporary files.
            cancel.cancel();
            try {
                finished.await(5, TimeUnit.SECONDS);
            } catch (InterruptedException ignored) {
                Thread.currentThread().interrupt();
            }
        }, "mobilei2v-cancel");
        Runtime.getRuntime().addShutdownHook(hook);
        try (VideoGenerator generator = GeneratorTargets.open(plan.bundle(), plan.localOptions(), device, adbServer.value())) {
            return run(plan, generator, request, description, cancel, err, outWriter);
        } finally {
            finished.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException ignored) {
                // already shutting down: the hook is running
            }
        }
    }

    private int run(ClipPlan plan, VideoGenerator generator, GenerationRequest request, ClipDescription description,
                    Cancellation cancel, PrintWriter err, PrintWriter outWriter) throws Exception {
        List<FrameSink> sinks = new ArrayList<>();
        try {
            try {
                sinks.add(ClipExporter.openBackground(out, plan.exportOptions(), List.of(description)));
                if (framesDir != null) {
                    sinks.add(ClipExporter.openBackground(framesDir,
                            new ExportOptions(ExportFormat.PNG_SEQUENCE, plan.exportOptions().fps(), clip.quality, clip.scale),
                            List.of(description)));
                }
            } catch (ExportException e) {
                throw new BadInputException(e.getMessage(), e);
            }
            int frames = plan.bundle().video().frames();
            ConsoleProgress progress = console.quiet ? null : new ConsoleProgress(err, System.console() != null, frames);
            ExportException[] sinkFailure = new ExportException[1];
            GenerationListener listener = new GenerationListener() {
                @Override
                public void onStage(String stage, String detail) {
                    if (progress != null) {
                        progress.onStage(stage, detail);
                    }
                }

                @Override
                public void onStep(int step, int stepCount, double ms) {
                    if (progress != null) {
                        progress.onStep(step, stepCount, ms);
                    }
                }

                @Override
                public void onFrame(int index, VideoFrame frame, double ms) {
                    if (progress != null) {
                        progress.onFrame(index, frame, ms);
                    }
                    if (sinkFailure[0] != null) {
                        return;
                    }
                    RgbFrame rgb = new RgbFrame(frame.width(), frame.height(), frame.rgb());
                    try {
                        for (FrameSink sink : sinks) {
                            sink.accept(rgb);
                        }
                    } catch (ExportException e) {
                        // The encoder failed: stop the model too, there is nothing to write to.
                        sinkFailure[0] = e;
                        cancel.cancel();
                    }
                }
            };
            RunReport report;
            try {
                report = generator.generate(request, listener, cancel);
            } catch (GenerationCancelledException e) {
                if (sinkFailure[0] != null) {
                    throw new CommandFailedException(sinkFailure[0].getMessage(), sinkFailure[0]);
                }
                err.println("mobilei2v: cancelled during " + e.stage() + "; nothing written");
                err.flush();
                return ExitCodes.CANCELLED;
            } catch (InvalidRequestException e) {
                throw RequestErrors.badInput(e);
            } catch (GenerationException e) {
                Throwable cause = e.getCause();
                if (cause instanceof BundleException be) {
                    throw new BadInputException(plan.bundle().dir() + ": " + be.getMessage(), e);
                }
                throw new CommandFailedException(e.getMessage(), e);
            } finally {
                if (progress != null) {
                    progress.closeFrameLine();
                }
            }
            if (sinkFailure[0] != null) {
                throw new CommandFailedException(sinkFailure[0].getMessage(), sinkFailure[0]);
            }
            List<ExportResult> results = finishAll(sinks);
            if (this.report != null) {
                writeReport(report, results);
            }
            GenerateOutput.printSummary(outWriter, results, report, plan.exportOptions().fps());
            return ExitCodes.OK;
        } finally {
            for (FrameSink sink : sinks) {
                sink.close();
            }
        }
    }

    /** Finishes every output; if a later one fails, the earlier ones are removed again (all or nothing). */
    private static List<ExportResult> finishAll(List<FrameSink> sinks) throws CommandFailedException {
        List<ExportResult> done = new ArrayList<>();
        for (FrameSink sink : sinks) {
            try {
                done.add(sink.finish());
            } catch (ExportException e) {
                for (ExportResult r : done) {
                    GenerateOutput.deleteQuietly(r.file());
                }
                throw new CommandFailedException(e.getMessage(), e);
            }
        }
        return done;
    }

    private void writeReport(RunReport report, List<ExportResult> results) throws CommandFailedException {
        Path target = this.report.toAbsolutePath().normalize();
        try {
            AtomicFiles.write(target, (report.toJson() + "\n").getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            for (ExportResult r : results) {
                GenerateOutput.deleteQuietly(r.file());
            }
            throw new CommandFailedException("--report " + this.report + ": cannot write (" + e.getMessage() + ")", e);
        }
    }

    /** Checks every option against the bundle ({@link ClipPlan}) and the other outputs. Nothing is loaded into ONNX Runtime yet. */
    ClipPlan plan() throws BadInputException {
        ClipPlan plan = ClipPlan.of(clip, out, device == null);
        if (framesDir != null) {
            OutputPreflight.check("--frames-dir", framesDir, true);
        }
        if (report != null) {
            OutputPreflight.check("--report", report, false);
        }
        return plan;
    }

    private ModelImage loadImage(ClipPlan plan) throws BadInputException {
        try {
            SourceImage src = SourceImage.load(image);
            ModelImage fitted = src.fit(plan.size().width(), plan.size().height(), plan.fitMode(), null);
            if (fitted.crop() != null && (fitted.crop().width() < plan.size().width()
                    || fitted.crop().height() < plan.size().height()) && !console.quiet) {
                spec.commandLine().getErr().println("note: " + image.getFileName() + " is smaller than "
                        + plan.size() + " (its part in the video is " + fitted.crop().width() + "x" + fitted.crop().height()
                        + "); it was upscaled once, so the video is no sharper than the picture");
            }
            return fitted;
        } catch (ImageInputException e) {
            throw new BadInputException(e.getMessage(), e);
        }
    }

    private ClipDescription describe(ClipPlan plan, ModelImage fitted) throws CommandFailedException {
        ModelBundle bundle = plan.bundle();
        GenerationParameters params = new GenerationParameters(bundle.name(), bundle.version(), clip.runtime.variant, clip.seed,
                plan.schedule().name(), plan.schedule().steps(), plan.schedule().sigmas(), plan.motionScore(),
                plan.camera(), plan.fitMode().name().toLowerCase(Locale.ROOT), fitted.sourceName(),
                fitted.sourceSha256(), device == null ? "this computer" : device);
        return new ClipDescription(params, fittedPng(fitted), "image/png", bundle.video().frames(),
                fitted.width(), fitted.height(), bundle.video().fps());
    }

    /** The source exactly as the model saw it (fitted, model size) as PNG: lossless, so a re-run matches. */
    static byte[] fittedPng(ModelImage fitted) throws CommandFailedException {
        try {
            return PngFiles.png(fitted);
        } catch (IOException e) {
            throw new CommandFailedException("cannot encode the source image as PNG: " + e.getMessage(), e);
        }
    }
}
