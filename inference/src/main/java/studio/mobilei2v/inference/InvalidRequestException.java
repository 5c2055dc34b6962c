package studio.mobilei2v.inference;

/**
 * The request does not fit the model (unknown schedule or camera class, motion score out of
 * range, image of the wrong size). {@link #field()} names the request field.
 */
public class InvalidRequestException extends GenerationException {
    private final String field;

    public InvalidRequestException(String field, String message) {
        super(field + ": " + message);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
