package studio.mobilei2v.studio.task;

/** A submitted task: cancel it, or ask whether it is still in flight. */
public interface TaskHandle {
    void cancel();

    boolean isCancelled();

    boolean isDone();

    String title();
}
