package studio.mobilei2v.cli;

import studio.mobilei2v.inference.InvalidRequestException;

/**
 * The inference's refusals of a request (naming the request field) in the command line's words,
 * naming the option: {@code steps} -> {@code --steps 5000: ...}.
 */
final class RequestErrors {
    private RequestErrors() {
    }

    /** The option that sets a request field. */
    static String option(String field) {
        return switch (field) {
            case "variant" -> "--variant";
            case "steps" -> "--steps";
            case "schedule" -> "--schedule";
            case "motionScore" -> "--motion";
            case "camera" -> "--camera";
            case "size" -> "--size";
            case "image" -> "--image";
            default -> field;
        };
    }

    static BadInputException badInput(InvalidRequestException e) {
        String who = e.value() == null && e.field().equals("schedule") ? "default schedule"
                : option(e.field()) + (e.value() == null ? "" : " " + e.value());
        return new BadInputException(who + ": " + e.reason(), e);
    }
}
