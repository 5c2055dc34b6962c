package studio.mobilei2v.inference.testing;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Finds the default bundle (assets/models/mobilei2v-nano) for tests that need real graphs.
 * Absent bundle: the test is skipped with a message that says how to make one, or fails when
 * MOBILEI2V_CI=1 (CI must never silently skip parity). {@code -Dmobilei2v.nanoBundle=DIR} points
 * the tests at another bundle folder.
 */
public final class NanoBundle {
    private NanoBundle() {
    }

    public static Path dir() {
        String override = System.getProperty("mobilei2v.nanoBundle");
        if (override != null && !override.isBlank()) {
            return Path.of(override);
        }
        String repo = System.getenv("MOBILEI2V_REPO");
        Path root = repo != null ? Path.of(repo) : Path.of("..").toAbsolutePath().normalize();
        return root.resolve("assets/models/mobilei2v-nano");
    }

    public static boolean present() {
        return Files.isRegularFile(dir().resolve("manifest.json"));
    }

    /** The bundle folder, or skip / fail as described above. */
    public static Path require() {
        Path dir = dir();
        if (!Files.isRegularFile(dir.resolve("manifest.json"))) {
            String msg = "model bundle " + dir + " is absent (export one with `python3 model/export_bundle.py`)";
            if ("1".equals(System.getenv("MOBILEI2V_CI"))) {
                Assertions.fail(msg + "; MOBILEI2V_CI=1 requires it");
            }
            Assumptions.abort(msg + "; skipping");
        }
        return dir;
    }
}
