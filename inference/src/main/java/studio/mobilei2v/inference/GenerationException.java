package studio.mobilei2v.inference;

/** A run could not complete. The message says which stage or graph failed and why. */
public class GenerationException extends Exception {
    public GenerationException(String message) {
        super(message);
    }

    public GenerationException(String message, Throwable cause) {
        super(message, cause);
    }
}
