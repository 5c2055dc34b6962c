package studio.mobilei2v.cli;

import java.io.PrintWriter;
import java.util.Locale;

import studio.mobilei2v.inference.GenerationListener;
import studio.mobilei2v.inference.Stage;
import studio.mobilei2v.inference.VideoFrame;

/**
 * Progress on stderr: stage names, sampler step k/n, frame i/N with milliseconds. On a terminal
 * the frame counter rewrites one line; in a log every event gets its own line.
 */
final class ConsoleProgress implements GenerationListener {

    private final PrintWriter err;
    private final boolean terminal;
    private final int frames;
    private final long start = System.nanoTime();
    private boolean frameLineOpen;

    ConsoleProgress(PrintWriter err, boolean terminal, int frames) {
        this.err = err;
        this.terminal = terminal;
        this.frames = frames;
    }

    private String elapsed() {
        return String.format(Locale.ROOT, "%7.0f ms", (System.nanoTime() - start) / 1e6);
    }

    @Override
    public void onStage(Stage stage, String detail) {
        if (stage == Stage.DONE) {
            closeFrameLine();
            return;
        }
        closeFrameLine();
        err.println(elapsed() + "  " + stage + (detail == null || detail.isBlank() ? "" : " (" + detail + ")"));
        err.flush();
    }

    @Override
    public void onStep(int step, int steps, double ms) {
        err.println(elapsed() + "  step " + step + "/" + steps + String.format(Locale.ROOT, "  %.1f ms", ms));
        err.flush();
    }

    @Override
    public void onFrame(int index, VideoFrame frame, double ms) {
        String line = elapsed() + "  frame " + (index + 1) + "/" + frames + String.format(Locale.ROOT, "  %.1f ms", ms);
        if (terminal) {
            err.print("\r" + line);
            frameLineOpen = true;
        } else {
            err.println(line);
        }
        err.flush();
    }

    void closeFrameLine() {
        if (frameLineOpen) {
            err.println();
            frameLineOpen = false;
            err.flush();
        }
    }
}
