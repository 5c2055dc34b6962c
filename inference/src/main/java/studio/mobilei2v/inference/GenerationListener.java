package studio.mobilei2v.inference;

/**
 * Progress of one run, called on the generating thread in order. Keep callbacks short (hand
 * work to another thread); an exception thrown here aborts the run as a
 * {@link GenerationException}. All methods default to doing nothing.
 */
public interface GenerationListener {

    /** A listener that ignores everything. */
    GenerationListener NONE = new GenerationListener() {
    };

    /**
     * A stage begins. {@code stage} is where the run is now; {@code detail} is a short
     * human phrase (e.g. "distilled-1, 1 step") or empty.
     */
    default void onStage(Stage stage, String detail) {
    }

    /** Sampler step {@code step} of {@code steps} (1-based) finished after {@code ms} ms. */
    default void onStep(int step, int steps, double ms) {
    }

    /**
     * Frame {@code index} (0-based) is decoded; {@code ms} is that frame's decoder time.
     * The frame's pixel array is fresh for each call and may be kept.
     */
    default void onFrame(int index, VideoFrame frame, double ms) {
    }
}
