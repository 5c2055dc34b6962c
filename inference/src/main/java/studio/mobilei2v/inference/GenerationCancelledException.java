package studio.mobilei2v.inference;

/** The run was cancelled through its {@link Cancellation}; nothing of it is still running. */
public class GenerationCancelledException extends GenerationException {
    private final Stage stage;

    public GenerationCancelledException(Stage stage) {
        super("generation cancelled during " + stage);
        this.stage = stage;
    }

    /** The stage that was running when the cancellation took effect. */
    public Stage stage() {
        return stage;
    }
}
