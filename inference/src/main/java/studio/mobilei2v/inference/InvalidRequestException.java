package studio.mobilei2v.inference;

/**
 * The request does not fit the model (unknown variant, step count, schedule or camera class,
 * motion score out of range, a size the model does not make, an image of the wrong size).
 * {@link #field()} names the request field, {@link #value()} the value refused and
 * {@link #reason()} why, so a front end can say it in its own words (the command line writes
 * {@code --steps 5000: ...} for the field {@code steps}).
 */
public class InvalidRequestException extends GenerationException {
    private final String field;
    private final String value;
    private final String reason;

    /**
     * @param field  the request field: "variant", "steps", "schedule", "motionScore", "camera", "size" or "image"
     * @param value  the refused value as text; null when there is none to name (e.g. a default that does not fit)
     * @param reason what is wrong, without the field or value
     */
    public InvalidRequestException(String field, String value, String reason) {
        super(field + (value == null ? "" : " " + value) + ": " + reason);
        this.field = field;
        this.value = value;
        this.reason = reason;
    }

    /** Without a value to name. */
    public InvalidRequestException(String field, String reason) {
        this(field, null, reason);
    }

    public String field() {
        return field;
    }

    /** The refused value as text, or null. */
    public String value() {
        return value;
    }

    public String reason() {
        return reason;
    }

    /** Value and reason without the field ("5000: not offered by ..."): what a runner sends beside the field. */
    public String detail() {
        return value == null ? reason : value + ": " + reason;
    }
}
