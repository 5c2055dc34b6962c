package studio.mobilei2v.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.node.ObjectNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import studio.mobilei2v.bridge.pool.DevicePool;
import studio.mobilei2v.bridge.pool.PoolJob;
import studio.mobilei2v.bridge.pool.PoolResult;
import studio.mobilei2v.export.ExportFormat;
import studio.mobilei2v.inference.GenerationRequest;
import studio.mobilei2v.inference.ModelImage;
import studio.mobilei2v.inference.image.ImageInputException;
import studio.mobilei2v.inference.image.SourceImage;

/**
 * {@code batch}: many pictures, one video each, spread over a pool of workers (devices behind the
 * adb server, and/or this computer). Options are checked exactly as {@code generate} checks them
 * (the same code); a picture that fails is recorded in batch.json and the others go on (exit 1);
 * outputs that exist are skipped, so running the same command again resumes an interrupted batch.
 */
@Command(name = "batch", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Make a video from each picture (files or folders of pictures), spread over devices and/or this computer."
                + " Writes DIR/<picture name>.<ext> and DIR/batch.json; finished outputs are skipped when run again.")
final class BatchCommand implements Callable<Integer> {

    /** The environment for the adb server's address (ADB_SERVER_SOCKET, ANDROID_ADB_SERVER_PORT). */
    static Supplier<Map<String, String>> environment = System::getenv;

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "IMG", arity = "1..*", description = "Pictures, or folders of pictures (read one level deep).")
    List<Path> inputs;

    @Option(names = "--out-dir", required = true, paramLabel = "DIR", description = "Folder for the videos and batch.json (created if missing).")
    Path outDir;

    @Option(names = "--format", paramLabel = "mp4|webm|gif|png", defaultValue = "mp4", description = "Output format (default: ${DEFAULT-VALUE}); png = a folder of frames per picture.")
    String format;

    @Option(names = "--device", paramLabel = "all|local|S1,S2,...", defaultValue = "local",
            description = "Where to run: every device of the adb server, this computer, or these serials (may include local). Default: ${DEFAULT-VALUE}.")
    String device;

    @Mixin
    AdbServerOption adbServer = new AdbServerOption();

    @Mixin
    ClipOptions clip = new ClipOptions();

    @Mixin
    ConsoleOptions console = new ConsoleOptions();

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        PrintWriter out = spec.commandLine().getOut();
        console.apply();
        ExportFormat exportFormat = format(format);
        Path dir = outDir.toAbsolutePath().normalize();
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new BadInputException("--out-dir " + outDir + ": exists and is not a folder");
        }
        Path parent = dir.getParent();
        if (!Files.isDirectory(dir) && (parent == null || !Files.isDirectory(parent))) {
            throw new BadInputException("--out-dir " + outDir + ": folder " + parent + " does not exist");
        }
        List<BatchPictures.Item> items = BatchPictures.list(inputs, dir, exportFormat);
        java.util.Set<String> targets = BatchWorkers.parse(device);
        boolean created = !Files.isDirectory(dir);
        if (created) {
            Files.createDirectory(dir);
        }
        ClipPlan plan;
        try {
            plan = planLikeGenerate(dir, exportFormat, targets.contains("local"));
        } catch (BadInputException e) {
            if (created) {
                Files.deleteIfExists(dir); // bad input leaves nothing behind, not even the folder
            }
            throw e;
        }

        BatchProgress progress = new BatchProgress(err, console.quiet, items.size());
        ObjectNode settings = BatchJournal.newSettings();
        settings.put("model", plan.bundle().name());
        settings.put("model_version", plan.bundle().version());
        settings.put("variant", clip.runtime.variant);
        settings.put("schedule", plan.schedule().name());
        settings.put("seed", clip.seed);
        settings.put("motion_score", plan.motionScore());
        settings.put("camera", plan.camera());
        settings.put("output_format", exportFormat == ExportFormat.PNG_SEQUENCE ? "png" : exportFormat.extension());
        settings.put("devices", device);
        BatchJournal journal = new BatchJournal(dir, settings, items);

        List<BatchPictures.Item> todo = new ArrayList<>();
        for (BatchPictures.Item item : items) {
            if (Files.exists(item.output())) {
                journal.skipped(item);
                progress.line("batch", item.picture().getFileName() + ": " + item.output().getFileName() + " exists, skipped");
            } else {
                todo.add(item);
            }
        }
        progress.total(todo.size());
        BatchRun run = new BatchRun(plan, journal, progress, clip.seed, clip.runtime.variant);
        if (todo.isEmpty()) {
            journal.write(run.summary(0, 0));
            out.println("batch: all " + items.size() + " outputs exist already; nothing to do (" + journal.file() + ")");
            out.flush();
            return ExitCodes.OK;
        }
        List<String> skippedDevices = new ArrayList<>();
        long t0 = System.nanoTime();
        CountDownLatch finished = new CountDownLatch(1);
        try (BatchWorkers workers = BatchWorkers.open(targets, adbServer.value(), environment.get(), plan.bundle(), plan.localOptions(),
                line -> { }, skippedDevices)) {
            for (String s : skippedDevices) {
                progress.line("batch", "left out: " + s);
            }
            DevicePool pool = DevicePool.start(workers.workers, run.listener());
            Thread hook = new Thread(() -> {
                // Ctrl-C: stop every worker; the journal keeps what finished, the next run resumes.
                pool.cancel();
                try {
                    finished.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException ignored) {
                    Thread.currentThread().interrupt();
                }
            }, "mobilei2v-batch-cancel");
            Runtime.getRuntime().addShutdownHook(hook);
            try {
                List<CompletableFuture<PoolResult>> results = new ArrayList<>();
                // Pictures are read and fitted only a little ahead of the workers: a queued job
                // holds its pixels, and a folder of 720p pictures must not all sit in memory.
                Semaphore ahead = new Semaphore(2 * workers.workers.size() + 1);
                for (BatchPictures.Item item : todo) {
                    ahead.acquire();
                    PoolJob job = job(item, plan, run, journal);
                    if (job == null) {
                        ahead.release();
                        continue;
                    }
                    CompletableFuture<PoolResult> f = pool.submit(job);
                    f.whenComplete((r, e) -> ahead.release());
                    results.add(f);
                }
                for (CompletableFuture<PoolResult> f : results) {
                    f.join();
                }
            } finally {
                pool.close();
                double wallMs = (System.nanoTime() - t0) / 1e6;
                journal.write(run.summary(wallMs, workers.workers.size()));
                finished.countDown();
                try {
                    Runtime.getRuntime().removeShutdownHook(hook);
                } catch (IllegalStateException ignored) {
                    // shutting down: the hook is running
                }
            }
            run.printSummary(out, items.size(), (System.nanoTime() - t0) / 1e6, journal.file());
            return run.cancelled() > 0 ? ExitCodes.CANCELLED : run.failed() > 0 ? ExitCodes.FAILED : ExitCodes.OK;
        }
    }

    /** The job of one picture, or null (recorded as failed) when the picture cannot be read. */
    private PoolJob job(BatchPictures.Item item, ClipPlan plan, BatchRun run, BatchJournal journal)
            throws CommandFailedException {
        ModelImage fitted;
        try {
            fitted = SourceImage.load(item.picture()).fit(plan.size().width(), plan.size().height(), plan.fitMode(), null); // --size, as generate
        } catch (ImageInputException e) {
            run.pictureFailed(item, e.getMessage());
            return null;
        }
        GenerationRequest request = new GenerationRequest(fitted, clip.seed, plan.schedule().name(), plan.motionScore(), plan.camera());
        return new PoolJob(item.picture().getFileName().toString(), request, run.output(item, fitted));
    }

    /** The generate command's own checks (bundle, variant, schedule, motion, camera, export options) on a stand-in output. */
    private ClipPlan planLikeGenerate(Path dir, ExportFormat exportFormat, boolean onThisComputer) throws BadInputException {
        Path standIn = exportFormat == ExportFormat.PNG_SEQUENCE ? dir.resolve("frames") : dir.resolve("clip." + exportFormat.extension());
        try {
            return ClipPlan.of(clip, standIn, onThisComputer);
        } catch (BadInputException e) {
            // generate says "--out DIR/clip.mp4"; here the folder is the option
            throw new BadInputException(e.getMessage().replace("--out " + standIn, "--out-dir " + outDir), e);
        }
    }

    static ExportFormat format(String f) throws BadInputException {
        return switch (f.toLowerCase(Locale.ROOT)) {
            case "mp4" -> ExportFormat.MP4_H264;
            case "webm" -> ExportFormat.WEBM_VP9;
            case "gif" -> ExportFormat.GIF;
            case "png" -> ExportFormat.PNG_SEQUENCE;
            default -> throw new BadInputException("--format " + f + ": unknown format (use mp4, webm, gif or png)");
        };
    }
}
