package studio.mobilei2v.cli;

import picocli.CommandLine;

import java.nio.file.NoSuchFileException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Option errors in words a user reads: "--seed 'abc': not a whole number" instead of picocli's
 * "'abc' is not a long", and a missing file as "no such file: PATH" instead of its exception class.
 */
final class OptionMessages {
    private static final Pattern NOT_A = Pattern.compile("'(.*)' is not an? (long|int|integer|short|byte|double|float)");

    private OptionMessages() {
    }

    static String describe(CommandLine.ParameterException ex) {
        String m = String.valueOf(ex.getMessage());
        Matcher t = NOT_A.matcher(m);
        if (t.find()) {
            String option = ex.getArgSpec() instanceof CommandLine.Model.OptionSpec o ? o.longestName()
                    : ex.getArgSpec() != null ? ex.getArgSpec().paramLabel() : "a value";
            String kind = switch (t.group(2)) {
                case "double", "float" -> "a number, e.g. 2.5";
                default -> "a whole number, e.g. 42";
            };
            return option + " '" + t.group(1) + "': not " + kind;
        }
        return m;
    }

    /** The file a failure was about, when it was a missing file somewhere in its causes. */
    static NoSuchFileException missingFile(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof NoSuchFileException n && n.getFile() != null) return n;
        }
        return null;
    }
}
