package studio.mobilei2v.studio.task;

/** Runs {@link BackgroundTask}s off the UI thread and delivers their callbacks on it. */
public interface TaskExecutor extends AutoCloseable {
    <V> TaskHandle execute(BackgroundTask<V> task);

    /** Number of submitted tasks that have not finished yet (tests assert "no run in flight"). */
    int inFlight();

    @Override
    void close();
}
