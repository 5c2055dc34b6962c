package studio.mobilei2v.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import studio.mobilei2v.bridge.pool.PoolJob;
import studio.mobilei2v.bridge.pool.PoolListener;
import studio.mobilei2v.bridge.pool.PoolResult;
import studio.mobilei2v.bridge.pool.WorkerFacts;
import studio.mobilei2v.export.ClipDescription;
import studio.mobilei2v.export.ClipExporter;
import studio.mobilei2v.export.FrameSink;
import studio.mobilei2v.export.GenerationParameters;
import studio.mobilei2v.export.RgbFrame;
import studio.mobilei2v.inference.ModelImage;
import studio.mobilei2v.inference.RunReport;
import studio.mobilei2v.inference.VideoFrame;
import studio.mobilei2v.inference.bundle.ModelBundle;

/**
 * The running batch: each job's frames go straight into the export code (the same sinks as
 * {@code generate}: a temporary file renamed into place only when complete), each ended job is
 * written to the journal at once, and the per-worker figures make the summary.
 */
final class BatchRun {
    private final ClipPlan plan;
    private final BatchJournal journal;
    private final BatchProgress progress;
    private final long seed;
    private final String variant;
    private final Map<String, BatchPictures.Item> byJob = new LinkedHashMap<>();
    /** Host milliseconds per finished job, by worker id. */
    private final Map<String, List<Double>> msByWorker = new LinkedHashMap<>();
    private final Map<String, WorkerFacts> facts = new LinkedHashMap<>();
    private int done;
    private int failed;
    private int cancelled;

    BatchRun(ClipPlan plan, BatchJournal journal, BatchProgress progress, long seed, String variant) {
        this.plan = plan;
        this.journal = journal;
        this.progress = progress;
        this.seed = seed;
        this.variant = variant;
    }

    PoolListener listener() {
        return new PoolListener() {
            @Override
            public void onWorker(String id, WorkerFacts f, String state) {
                if (f != null) {
                    synchronized (BatchRun.this) {
                        facts.put(id, f);
                    }
                    journal.worker(f);
                }
                progress.onWorker(id, f, state);
            }

            @Override
            public void onJobStarted(String job, WorkerFacts worker, int attempt) {
                progress.onJobStarted(job, worker, attempt);
            }

            @Override
            public void onJobEnded(PoolResult r) {
                ended(r);
                progress.onJobEnded(r);
            }
        };
    }

    /** The frames of one attempt on one worker, exported as they arrive. */
    synchronized PoolJob.Output output(BatchPictures.Item item, ModelImage fitted) throws CommandFailedException {
        String job = item.picture().getFileName().toString();
        byJob.put(job, item);
        byte[] png = GenerateCommand.fittedPng(fitted);
        ModelBundle bundle = plan.bundle();
        return (worker, attempt) -> {
            GenerationParameters params = new GenerationParameters(bundle.name(), bundle.version(), variant, seed,
                    plan.schedule().name(), plan.schedule().steps(), plan.schedule().sigmas(), plan.motionScore(),
                    plan.camera(), plan.fitMode().name().toLowerCase(Locale.ROOT), fitted.sourceName(), fitted.sourceSha256(),
                    worker.isLocal() ? "this computer" : worker.id());
            ClipDescription description = new ClipDescription(params, png, "image/png", bundle.video().frames(),
                    bundle.video().width(), bundle.video().height(), bundle.video().fps());
            FrameSink sink = ClipExporter.openBackground(item.output(), plan.exportOptions(), List.of(description));
            return new PoolJob.Attempt() {
                @Override
                public void onFrame(int index, VideoFrame frame, double ms) {
                    try {
                        sink.accept(new RgbFrame(frame.width(), frame.height(), frame.rgb()));
                    } catch (studio.mobilei2v.export.ExportException e) {
                        throw new IllegalStateException(item.output() + ": " + e.getMessage(), e);
                    }
                }

                @Override
                public void commit(RunReport report) throws Exception {
                    sink.finish();
                }

                @Override
                public void close() {
                    sink.close(); // deletes the temporary output unless finished
                }
            };
        };
    }

    /** A picture that could not even be read: recorded, the batch goes on. */
    synchronized void pictureFailed(BatchPictures.Item item, String error) throws CommandFailedException {
        failed++;
        journal.failed(item, null, seed, "failed", error, 0);
        journal.write(null);
        progress.line("batch", item.picture().getFileName() + ": failed: " + error);
    }

    private synchronized void ended(PoolResult r) {
        BatchPictures.Item item = byJob.get(r.job());
        switch (r.status()) {
            case DONE -> {
                done++;
                journal.done(item, r.worker(), seed, r.hostMs(), r.report().totalMs(), r.attempts());
                msByWorker.computeIfAbsent(r.worker().id(), k -> new ArrayList<>()).add(r.hostMs());
            }
            case FAILED -> {
                failed++;
                journal.failed(item, r.worker(), seed, "failed", r.error(), r.attempts());
            }
            case CANCELLED -> {
                cancelled++;
                journal.failed(item, r.worker(), seed, "cancelled", r.error(), r.attempts());
            }
        }
        try {
            journal.write(null);
        } catch (CommandFailedException e) {
            progress.line("batch", e.getMessage());
        }
    }

    synchronized int failed() {
        return failed;
    }

    synchronized int cancelled() {
        return cancelled;
    }

    synchronized ObjectNode summary(double wallMs, int workers) {
        ObjectNode s = JsonNodeFactory.instance.objectNode();
        s.put("done", done);
        s.put("failed", failed);
        s.put("cancelled", cancelled);
        s.put("workers", workers);
        s.put("wall_ms", Math.round(wallMs));
        ObjectNode per = s.putObject("per_worker");
        for (Map.Entry<String, List<Double>> e : msByWorker.entrySet()) {
            ObjectNode w = per.putObject(e.getKey());
            w.put("jobs", e.getValue().size());
            w.put("ms_p50", Math.round(studio.mobilei2v.inference.Percentiles.nearestRank(e.getValue(), 50)));
        }
        return s;
    }

    synchronized void printSummary(PrintWriter out, int pictures, double wallMs, Path journalFile) {
        int skipped = pictures - done - failed - cancelled;
        out.println(String.format(Locale.ROOT, "batch: %d pictures: %d done, %d failed, %d cancelled, %d skipped (existing outputs) in %.1f s on %d worker%s",
                pictures, done, failed, cancelled, skipped, wallMs / 1000, facts.size(), facts.size() == 1 ? "" : "s"));
        for (Map.Entry<String, WorkerFacts> e : facts.entrySet()) {
            List<Double> ms = msByWorker.getOrDefault(e.getKey(), List.of());
            out.println(String.format(Locale.ROOT, "  %s: %d job%s%s", e.getValue().describe(), ms.size(), ms.size() == 1 ? "" : "s",
                    ms.isEmpty() ? "" : String.format(Locale.ROOT, ", %.0f ms per job (p50)", studio.mobilei2v.inference.Percentiles.nearestRank(ms, 50))));
        }
        out.println("journal: " + journalFile);
        out.flush();
    }
}
