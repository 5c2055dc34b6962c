package studio.mobilei2v.inference.testing;

import org.junit.jupiter.api.Assertions;
import org.opentest4j.TestAbortedException;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * The one rule for tests that need something this machine may lack (adb, the bundled model, a
 * tool): without it the test is skipped with a message saying what is missing and how to get it;
 * under {@code MOBILEI2V_CI=1} (set by {@code .ci/run}, where everything is installed) the same
 * absence fails the test, so CI never skips silently. Shared with device-bridge and studio as
 * inference's test-jar.
 */
public final class Requirements {
    /** The variable {@code .ci/run} sets. */
    public static final String CI_VARIABLE = "MOBILEI2V_CI";

    private Requirements() {
    }

    /** True under {@code MOBILEI2V_CI=1}. */
    public static boolean ci() {
        return "1".equals(System.getenv(CI_VARIABLE));
    }

    /**
     * Skips the test (or fails it under CI) because {@code why}; never returns normally. Typed so
     * that {@code return Requirements.missing(...)} ends a method of any type.
     */
    public static <T> T missing(String why) {
        if (ci()) {
            return Assertions.fail(CI_VARIABLE + "=1 and " + why);
        }
        throw new TestAbortedException("skipped: " + why);
    }

    /** Skips (or fails under CI) unless {@code present}. */
    public static void require(boolean present, String why) {
        if (!present) {
            missing(why);
        }
    }

    /**
     * What {@code find} finds, or a skip (failure under CI) naming {@code what} and the reason
     * {@code find} gave (its exception's message).
     */
    public static <T> T require(Callable<T> find, String what) {
        try {
            return find.call();
        } catch (Exception e) {
            return missing(what + " is unavailable: " + e.getMessage());
        }
    }

    /**
     * The repository's root folder: {@code MOBILEI2V_REPO} when set, else the nearest folder at or
     * above the working directory that holds {@code assets/} (surefire runs in the module folder).
     */
    public static Path repoRoot() {
        String env = System.getenv("MOBILEI2V_REPO");
        if (env != null && !env.isBlank()) {
            return Path.of(env).toAbsolutePath().normalize();
        }
        Path p = Path.of("").toAbsolutePath();
        while (p != null && !Files.isDirectory(p.resolve("assets"))) {
            p = p.getParent();
        }
        return p == null ? Path.of("..").toAbsolutePath().normalize() : p;
    }
}
