package studio.mobilei2v.bridge;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The one way a command line for a device shell is built. Every value (paths, names, numbers)
 * goes through {@link #arg}, which single-quotes it for POSIX sh and Android's mksh/toybox sh:
 * inside single quotes nothing is special - not {@code ;}, {@code $()}, backticks, {@code &},
 * spaces, newlines or double quotes - and a single quote itself is written as {@code '\''}.
 * Program names must be plain words. Literal shell syntax (operators, redirections, a fixed
 * script) may only come from constants in this module, through {@link #literal}.
 */
public final class ShellCommand {
    private static final Pattern PROGRAM = Pattern.compile("[A-Za-z0-9_./+-]+");
    private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private final List<String> parts;

    private ShellCommand(List<String> parts) {
        this.parts = List.copyOf(parts);
    }

    /** {@code program arg1 arg2 ...}, every argument quoted. */
    public static ShellCommand of(String program, String... args) {
        return new ShellCommand(List.of(program(program))).args(args);
    }

    /**
     * Fixed shell text written in this module's source (operators, redirections, a constant
     * script). Never pass anything derived from a file, a device or a user - unless it went
     * through {@link #quote} first.
     */
    public static ShellCommand literal(String constantShellText) {
        Objects.requireNonNull(constantShellText);
        rejectNul(constantShellText, "shell literal");
        return new ShellCommand(List.of(constantShellText));
    }

    /** Appends quoted arguments. */
    public ShellCommand args(String... args) {
        List<String> p = new ArrayList<>(parts);
        for (String a : args) {
            p.add(quote(a));
        }
        return new ShellCommand(p);
    }

    /** Appends a quoted prefix followed by an unquoted {@code *}: every name that starts with it. */
    public ShellCommand globStartingWith(String prefix) {
        List<String> p = new ArrayList<>(parts);
        p.add(quote(prefix) + "*");
        return new ShellCommand(p);
    }

    /** {@code NAME=value} before the program, value quoted. */
    public static ShellCommand env(String name, String value, ShellCommand command) {
        if (!ENV_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("not an environment variable name: " + name);
        }
        List<String> p = new ArrayList<>();
        p.add(name + "=" + quote(value));
        p.addAll(command.parts);
        return new ShellCommand(p);
    }

    public ShellCommand and(ShellCommand next) {
        return join("&&", next);
    }

    public ShellCommand or(ShellCommand next) {
        return join("||", next);
    }

    public ShellCommand then(ShellCommand next) {
        return join(";", next);
    }

    public ShellCommand pipe(ShellCommand next) {
        return join("|", next);
    }

    /** Appends fixed redirection or operator text, e.g. {@code "2>/dev/null"}. */
    public ShellCommand append(String constantShellText) {
        List<String> p = new ArrayList<>(parts);
        p.add(literal(constantShellText).render());
        return new ShellCommand(p);
    }

    /** Wraps the command in a subshell, so a following operator applies to all of it. */
    public ShellCommand grouped() {
        return new ShellCommand(List.of("(" + render() + ")"));
    }

    private ShellCommand join(String op, ShellCommand next) {
        List<String> p = new ArrayList<>(parts);
        p.add(op);
        p.addAll(next.parts);
        return new ShellCommand(p);
    }

    public String render() {
        return String.join(" ", parts);
    }

    @Override
    public String toString() {
        return render();
    }

    /**
     * Single-quotes one value. NUL cannot be passed to a device at all and is refused; everything
     * else, newlines included, is carried literally.
     */
    public static String quote(String value) {
        Objects.requireNonNull(value, "shell argument");
        rejectNul(value, "shell argument");
        return "'" + value.replace("'", "'\\''") + "'";
    }

    private static String program(String name) {
        if (name == null || !PROGRAM.matcher(name).matches()) {
            throw new IllegalArgumentException("not a plain program name: " + name);
        }
        return name;
    }

    private static void rejectNul(String s, String what) {
        if (s.indexOf('\0') >= 0) {
            throw new IllegalArgumentException(what + " contains a NUL byte, which no device shell can receive");
        }
    }
}
