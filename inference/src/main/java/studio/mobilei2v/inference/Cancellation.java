package studio.mobilei2v.inference;

import java.util.ArrayList;
import java.util.List;

/**
 * A cancel switch shared by the caller and a running generation. {@link #cancel()} may be
 * called from any thread; it runs the registered hooks at once (the local pipeline registers one
 * that sets ONNX Runtime's RunOptions terminate flag, so a graph call in progress stops within
 * milliseconds rather than at the next step boundary).
 */
public final class Cancellation {

    /** Removes a hook registered with {@link #onCancel}. */
    public interface Registration extends AutoCloseable {
        @Override
        void close();
    }

    private final List<Runnable> hooks = new ArrayList<>();
    private volatile boolean cancelled;

    /** A fresh switch that nobody else holds, for callers that never cancel. */
    public static Cancellation none() {
        return new Cancellation();
    }

    /** Requests cancellation; idempotent. Hooks run on the calling thread. */
    public void cancel() {
        List<Runnable> toRun;
        synchronized (hooks) {
            if (cancelled) {
                return;
            }
            cancelled = true;
            toRun = new ArrayList<>(hooks);
        }
        for (Runnable hook : toRun) {
            hook.run();
        }
    }

    public boolean isCancelled() {
        return cancelled;
    }

    /**
     * Registers a hook run on {@link #cancel()}; runs it immediately if already cancelled.
     * Close the returned registration when the work it guards is over.
     */
    public Registration onCancel(Runnable hook) {
        boolean runNow;
        synchronized (hooks) {
            runNow = cancelled;
            if (!runNow) {
                hooks.add(hook);
            }
        }
        if (runNow) {
            hook.run();
        }
        return () -> {
            synchronized (hooks) {
                hooks.remove(hook);
            }
        };
    }

    /** Throws if cancelled, naming the stage the run had reached. */
    public void throwIfCancelled(Stage stage) throws GenerationCancelledException {
        if (cancelled) {
            throw new GenerationCancelledException(stage);
        }
    }
}
