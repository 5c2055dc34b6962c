package studio.mobilei2v.export;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * Runs a sink on its own thread behind a small bounded queue. Errors from the encoder thread
 * surface at the next {@link #accept} or at {@link #finish}; {@link #close} before finish
 * cancels and deletes the temporary output like any sink.
 */
final class BackgroundFrameSink implements FrameSink {

    private static final RgbFrame END = new RgbFrame(1, 1, new byte[3]);

    private final FrameSink delegate;
    private final BlockingQueue<RgbFrame> queue;
    private final CompletableFuture<ExportResult> result = new CompletableFuture<>();
    private final Thread worker;
    private volatile boolean cancelled;
    private boolean ended;

    BackgroundFrameSink(FrameSink delegate, int capacity) {
        this.delegate = delegate;
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.worker = new Thread(this::run, "mobilei2v-export");
        this.worker.setDaemon(true);
        this.worker.start();
    }

    private void run() {
        try {
            while (true) {
                RgbFrame f = queue.take();
                if (cancelled) {
                    delegate.close();
                    result.cancel(false);
                    return;
                }
                if (f == END) {
                    result.complete(delegate.finish());
                    return;
                }
                delegate.accept(f);
            }
        } catch (Throwable t) {
            delegate.close();
            result.completeExceptionally(t);
        }
    }

    @Override
    public void accept(RgbFrame frame) throws ExportException {
        if (result.isDone()) {
            rethrow();
            throw new IllegalStateException("export already ended");
        }
        try {
            while (!queue.offer(frame, 100, java.util.concurrent.TimeUnit.MILLISECONDS)) {
                if (result.isDone()) {
                    rethrow();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            close();
            throw new ExportException(null, "export interrupted");
        }
    }

    @Override
    public ExportResult finish() throws ExportException {
        ended = true;
        try {
            if (!result.isDone()) {
                queue.put(END);
            }
            return result.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            close();
            throw new ExportException(null, "export interrupted");
        } catch (ExecutionException e) {
            throw unwrap(e.getCause());
        } catch (java.util.concurrent.CancellationException e) {
            throw new ExportException(null, "export cancelled");
        }
    }

    private void rethrow() throws ExportException {
        try {
            result.getNow(null);
        } catch (java.util.concurrent.CompletionException e) {
            throw unwrap(e.getCause());
        } catch (java.util.concurrent.CancellationException e) {
            throw new ExportException(null, "export cancelled");
        }
    }

    private static ExportException unwrap(Throwable t) {
        if (t instanceof ExportException ee) {
            return ee;
        }
        return new ExportException(null, "encoder thread failed: " + t, t);
    }

    @Override
    public void close() {
        if (result.isDone() && !result.isCompletedExceptionally() && ended) {
            return; // finished cleanly
        }
        cancelled = true;
        queue.clear();
        queue.offer(END);
        try {
            worker.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        delegate.close();
    }
}
