package studio.mobilei2v.inference.testing;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Finds the default bundle (assets/models/mobilei2v-nano) for tests that need real graphs.
 * Absent bundle: the test is skipped with a message that says how to make one, or fails when
 * MOBILEI2V_CI=1 (CI must never silently skip parity; see {@link Requirements}). {@code -Dmobilei2v.nanoBundle=DIR} points
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
        return Requirements.repoRoot().resolve("assets/models/mobilei2v-nano");
    }

    public static boolean present() {
        return Files.isRegularFile(dir().resolve("manifest.json"));
    }

    /** The bundle folder, or skip / fail as described above. */
    public static Path require() {
        Path dir = dir();
        Requirements.require(Files.isRegularFile(dir.resolve("manifest.json")),
                "model bundle " + dir + " is absent (export one with `python3 model/export_bundle.py`)");
        return dir;
    }
}
