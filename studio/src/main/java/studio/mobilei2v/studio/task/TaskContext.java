package studio.mobilei2v.studio.task;

/**
 * What a running {@link BackgroundTask} can see: whether it was cancelled, a way to report
 * progress, and a way to hand small updates to the UI thread (frames arriving while a run streams).
 */
public interface TaskContext {
    boolean isCancelled();

    /** Fraction in [0,1] (or negative for "unknown") and a short stage message, delivered on the UI thread. */
    void progress(double fraction, String message);

    /** Runs {@code update} on the UI thread (or inline in tests without JavaFX). */
    void publish(Runnable update);

    /** Registers work to run when the task is cancelled (e.g. terminate an ONNX Runtime call). */
    void onCancel(Runnable hook);
}
