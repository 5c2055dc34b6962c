package studio.mobilei2v.studio.task;

import java.util.HashMap;
import java.util.Map;

/**
 * MZmine-style scheduler: submitting a task under a key cancels the previous task under that key,
 * so a stale bundle load or size estimate can never overwrite a newer result.
 */
public final class LatestTaskWins {
    private final TaskExecutor executor;
    private final Map<String, TaskHandle> latest = new HashMap<>();

    public LatestTaskWins(TaskExecutor executor) {
        this.executor = executor;
    }

    public synchronized <V> TaskHandle submit(String key, BackgroundTask<V> task) {
        TaskHandle previous = latest.remove(key);
        if (previous != null && !previous.isDone()) previous.cancel();
        TaskHandle handle = executor.execute(task);
        latest.put(key, handle);
        return handle;
    }

    /** True when {@code handle} is still the newest task for {@code key} (checked before applying a result). */
    public synchronized boolean isLatest(String key, TaskHandle handle) {
        return latest.get(key) == handle;
    }

    public synchronized void cancel(String key) {
        TaskHandle previous = latest.remove(key);
        if (previous != null) previous.cancel();
    }
}
