package studio.mobilei2v.export;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What every sink shares: frame counting against the plan, resizing to the file's geometry, the
 * temporary output and its rename, and the rule that anything but a clean finish deletes it.
 */
abstract class AbstractFrameSink implements FrameSink {

    protected final ExportPlan plan;
    protected final AtomicOutput output;
    private final FrameResizer resizer;
    private final long startNanos = System.nanoTime();
    protected final List<String> notes = new ArrayList<>();
    private int frames;
    private boolean finished;
    private boolean closed;

    protected AbstractFrameSink(ExportPlan plan, AtomicOutput output) {
        this.plan = plan;
        this.output = output;
        this.resizer = new FrameResizer(plan.geometry);
        this.notes.addAll(plan.notes());
    }

    @Override
    public final void accept(RgbFrame frame) throws ExportException {
        if (finished || closed) {
            throw new IllegalStateException("export of " + plan.target + " is already " + (finished ? "finished" : "closed"));
        }
        if (frames >= plan.totalFrames) {
            throw new ExportException(plan.target, "more frames than the " + plan.totalFrames + " announced");
        }
        try {
            write(resizer.apply(frame), frames);
        } catch (ExportException e) {
            close();
            throw e;
        } catch (RuntimeException e) {
            close();
            throw new ExportException(plan.target, "encoder failed at frame " + frames + ": " + e.getMessage(), e);
        }
        frames++;
    }

    @Override
    public final ExportResult finish() throws ExportException {
        if (finished) {
            throw new IllegalStateException("export of " + plan.target + " already finished");
        }
        try {
            if (frames != plan.totalFrames) {
                throw new ExportException(plan.target, "expected " + plan.totalFrames + " frames, got " + frames
                        + "; nothing written");
            }
            String codec = complete();
            output.commit();
            finished = true;
            Path file = output.target();
            long millis = (System.nanoTime() - startNanos) / 1_000_000;
            return new ExportResult(file, plan.options.format(), codec, plan.geometry.outputWidth(),
                    plan.geometry.outputHeight(), frames, AtomicOutput.sizeOf(file), millis, notes);
        } catch (ExportException e) {
            close();
            throw e;
        } catch (RuntimeException e) {
            close();
            throw new ExportException(plan.target, "could not complete: " + e.getMessage(), e);
        }
    }

    @Override
    public final void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (!finished) {
            try {
                release();
            } catch (RuntimeException ignored) {
                // the temporary output is deleted below either way
            }
            output.abort();
        }
    }

    /** Writes one frame already at the file's geometry; index counts from 0 over the whole video. */
    protected abstract void write(RgbFrame frame, int index) throws ExportException;

    /** Flushes and closes the encoder so the temporary output is complete; returns the codec name. */
    protected abstract String complete() throws ExportException;

    /** Frees encoder resources after a failure or cancel (the file is deleted by the caller). */
    protected abstract void release();
}
