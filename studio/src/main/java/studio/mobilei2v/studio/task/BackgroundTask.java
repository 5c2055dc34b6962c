package studio.mobilei2v.studio.task;

import java.util.Objects;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * A unit of work that runs off the UI thread (JabRef's BackgroundTask idea): the work itself is a
 * plain function of a {@link TaskContext}, so it can be tested without JavaFX; the callbacks run on
 * whatever "UI thread" the {@link TaskExecutor} was given.
 */
public final class BackgroundTask<V> {

    /** The work. Throwing means failure; returning after cancellation is treated as cancelled. */
    @FunctionalInterface
    public interface Work<V> {
        V run(TaskContext context) throws Exception;
    }

    private final String title;
    private final Work<V> work;
    private Consumer<V> onSuccess = v -> { };
    private Consumer<Exception> onFailure = e -> { };
    private Runnable onCancelled = () -> { };
    private Runnable onFinished = () -> { };
    private BiConsumer<Double, String> onProgress = (f, m) -> { };

    private BackgroundTask(String title, Work<V> work) {
        this.title = Objects.requireNonNull(title);
        this.work = Objects.requireNonNull(work);
    }

    public static <V> BackgroundTask<V> of(String title, Work<V> work) {
        return new BackgroundTask<>(title, work);
    }

    public BackgroundTask<V> onSuccess(Consumer<V> c) { this.onSuccess = Objects.requireNonNull(c); return this; }
    public BackgroundTask<V> onFailure(Consumer<Exception> c) { this.onFailure = Objects.requireNonNull(c); return this; }
    public BackgroundTask<V> onCancelled(Runnable r) { this.onCancelled = Objects.requireNonNull(r); return this; }
    /** Runs after success, failure or cancellation: the place to re-enable buttons. */
    public BackgroundTask<V> onFinished(Runnable r) { this.onFinished = Objects.requireNonNull(r); return this; }
    public BackgroundTask<V> onProgress(BiConsumer<Double, String> c) { this.onProgress = Objects.requireNonNull(c); return this; }

    public String title() { return title; }
    Work<V> work() { return work; }
    Consumer<V> successHandler() { return onSuccess; }
    Consumer<Exception> failureHandler() { return onFailure; }
    Runnable cancelledHandler() { return onCancelled; }
    Runnable finishedHandler() { return onFinished; }
    BiConsumer<Double, String> progressHandler() { return onProgress; }
}
