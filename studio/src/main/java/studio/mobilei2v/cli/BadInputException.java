package studio.mobilei2v.cli;

/**
 * Input the command cannot use: a missing or broken image, an option out of range, an output
 * path that cannot be written. Exit code 2 and one line on stderr; the message names the file
 * or option, so it needs no stack trace to be acted on.
 */
public class BadInputException extends Exception {

    public BadInputException(String message) {
        super(message);
    }

    public BadInputException(String message, Throwable cause) {
        super(message, cause);
    }
}
