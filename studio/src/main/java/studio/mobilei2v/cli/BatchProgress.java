package studio.mobilei2v.cli;

import java.io.PrintWriter;
import java.util.Locale;

import studio.mobilei2v.bridge.pool.PoolListener;
import studio.mobilei2v.bridge.pool.PoolResult;
import studio.mobilei2v.bridge.pool.WorkerFacts;

/**
 * Progress of a batch on stderr: one line per event, each prefixed by its worker, so the lines of
 * several devices working at once stay readable when they interleave (and in a log file).
 */
final class BatchProgress implements PoolListener {
    private final PrintWriter err;
    private final boolean quiet;
    private int total;
    private int ended;

    BatchProgress(PrintWriter err, boolean quiet, int total) {
        this.err = err;
        this.quiet = quiet;
        this.total = total;
    }

    /** The number of jobs this run makes (pictures less the outputs that exist). */
    synchronized void total(int jobs) {
        this.total = jobs;
    }

    synchronized void line(String worker, String text) {
        if (!quiet) {
            err.println("[" + worker + "] " + text);
            err.flush();
        }
    }

    @Override
    public void onWorker(String id, WorkerFacts facts, String state) {
        line(id, state.equals("ready") && facts != null ? "ready: " + facts.describe() : state);
    }

    @Override
    public void onJobStarted(String job, WorkerFacts worker, int attempt) {
        line(worker.id(), job + ": started" + (attempt > 1 ? " (attempt " + attempt + ", given back by a lost device)" : ""));
    }

    @Override
    public synchronized void onJobEnded(PoolResult r) {
        ended++;
        String who = r.worker() == null ? "pool" : r.worker().id();
        String what = switch (r.status()) {
            case DONE -> String.format(Locale.ROOT, "done in %.0f ms (pipeline %.0f ms)", r.hostMs(), r.report().totalMs());
            case FAILED -> "failed: " + r.error();
            case CANCELLED -> "cancelled";
        };
        line(who, r.job() + ": " + what + " [" + ended + "/" + total + "]");
    }
}
