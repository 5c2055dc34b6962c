package studio.mobilei2v.studio.task;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Runs tasks on daemon worker threads; callbacks go through {@code uiThread}
 * ({@code Platform::runLater} in the app, {@code Runnable::run} in plain unit tests).
 */
public final class ThreadPoolTaskExecutor implements TaskExecutor {
    private static final Logger LOG = Logger.getLogger(ThreadPoolTaskExecutor.class.getName());

    private final ExecutorService workers;
    private final Executor uiThread;
    private final AtomicInteger inFlight = new AtomicInteger();

    public ThreadPoolTaskExecutor(Executor uiThread) {
        this.uiThread = uiThread;
        AtomicInteger n = new AtomicInteger();
        this.workers = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "studio-worker-" + n.incrementAndGet());
            t.setDaemon(true); // a stuck native call must never keep the app from exiting
            return t;
        });
    }

    @Override
    public <V> TaskHandle execute(BackgroundTask<V> task) {
        Handle handle = new Handle(task.title());
        inFlight.incrementAndGet();
        try {
            workers.execute(() -> runTask(task, handle));
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // the studio is closing (a late callback asked for more work): nothing runs, nothing is lost
            inFlight.decrementAndGet();
            handle.cancel();
            LOG.log(Level.FINE, "task after close dropped: " + task.title());
        }
        return handle;
    }

    private <V> void runTask(BackgroundTask<V> task, Handle handle) {
        TaskContext ctx = new TaskContext() {
            @Override public boolean isCancelled() { return handle.isCancelled(); }
            @Override public void progress(double fraction, String message) {
                if (!handle.isCancelled()) uiThread.execute(() -> task.progressHandler().accept(fraction, message));
            }
            @Override public void publish(Runnable update) {
                if (!handle.isCancelled()) uiThread.execute(update);
            }
            @Override public void onCancel(Runnable hook) { handle.addHook(hook); }
        };
        Runnable outcome;
        try {
            V value = task.work().run(ctx);
            outcome = handle.isCancelled() ? task.cancelledHandler() : () -> task.successHandler().accept(value);
        } catch (Exception e) {
            if (handle.isCancelled()) {
                outcome = task.cancelledHandler(); // failures caused by cancelling are not errors
            } else {
                LOG.log(Level.FINE, "task failed: " + task.title(), e);
                outcome = () -> task.failureHandler().accept(e);
            }
        } catch (Throwable t) {
            LOG.log(Level.SEVERE, "task crashed: " + task.title(), t);
            Exception wrapped = new RuntimeException(t.toString(), t);
            outcome = () -> task.failureHandler().accept(wrapped);
        }
        Runnable finalOutcome = outcome;
        uiThread.execute(() -> {
            try {
                finalOutcome.run();
            } finally {
                // counted down on the UI thread after the callbacks, so "no run in flight" really means the UI is settled
                handle.done.set(true);
                inFlight.decrementAndGet();
                task.finishedHandler().run();
            }
        });
    }

    @Override
    public int inFlight() {
        return inFlight.get();
    }

    @Override
    public void close() {
        workers.shutdownNow();
        try {
            workers.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static final class Handle implements TaskHandle {
        private final String title;
        private final AtomicBoolean cancelled = new AtomicBoolean();
        private final AtomicBoolean done = new AtomicBoolean();
        private final List<Runnable> hooks = new CopyOnWriteArrayList<>();

        Handle(String title) { this.title = title; }

        void addHook(Runnable hook) {
            hooks.add(hook);
            if (cancelled.get()) hook.run();
        }

        @Override public void cancel() {
            if (cancelled.compareAndSet(false, true)) {
                for (Runnable hook : hooks) {
                    try { hook.run(); } catch (RuntimeException e) { LOG.log(Level.FINE, "cancel hook failed", e); }
                }
            }
        }
        @Override public boolean isCancelled() { return cancelled.get(); }
        @Override public boolean isDone() { return done.get(); }
        @Override public String title() { return title; }
    }
}
