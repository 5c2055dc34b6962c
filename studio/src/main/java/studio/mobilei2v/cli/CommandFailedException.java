package studio.mobilei2v.cli;

/** A run that failed for a reason other than bad input (exit code 1, one line on stderr). */
public class CommandFailedException extends Exception {

    public CommandFailedException(String message) {
        super(message);
    }

    public CommandFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
