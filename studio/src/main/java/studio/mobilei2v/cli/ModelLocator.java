package studio.mobilei2v.cli;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Finds the bundled model (assets/models/mobilei2v-nano) without depending on the current
 * directory: the launcher passes the install root as {@code -Dmobilei2v.home}; otherwise the
 * environment (MOBILEI2V_HOME, or MOBILEI2V_REPO as set for tests), then the folders above the
 * running code, then the folders above the current directory.
 */
public final class ModelLocator {

    public static final String DEFAULT_BUNDLE = "assets/models/mobilei2v-nano";

    private ModelLocator() {
    }

    /** The install/repository root, or null if none is found. */
    public static Path home() {
        for (Path candidate : candidates()) {
            if (Files.isDirectory(candidate.resolve("assets"))) {
                return candidate;
            }
        }
        return null;
    }

    /** The bundled model folder; the given path when not null. */
    public static Path bundle(Path explicit) throws BadInputException {
        if (explicit != null) {
            if (!Files.isDirectory(explicit)) {
                throw new BadInputException(explicit + ": model bundle folder not found");
            }
            return explicit;
        }
        List<String> looked = new ArrayList<>();
        for (Path root : candidates()) {
            Path b = root.resolve(DEFAULT_BUNDLE);
            if (Files.isRegularFile(b.resolve("manifest.json"))) {
                return b;
            }
            looked.add(b.toString());
        }
        throw new BadInputException("no model bundle found (looked in " + String.join(", ", looked)
                + "); pass --model DIR");
    }

    private static List<Path> candidates() {
        Set<Path> out = new LinkedHashSet<>();
        String prop = System.getProperty("mobilei2v.home");
        if (prop != null && !prop.isBlank()) {
            out.add(Path.of(prop).toAbsolutePath().normalize());
        }
        for (String env : new String[] {"MOBILEI2V_HOME", "MOBILEI2V_REPO"}) {
            String v = System.getenv(env);
            if (v != null && !v.isBlank()) {
                out.add(Path.of(v).toAbsolutePath().normalize());
            }
        }
        try {
            Path code = Path.of(ModelLocator.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            addParents(out, code);
        } catch (URISyntaxException | RuntimeException ignored) {
            // no code location (unusual class loader): the other candidates remain
        }
        addParents(out, Path.of("").toAbsolutePath());
        return new ArrayList<>(out);
    }

    private static void addParents(Set<Path> out, Path start) {
        for (Path p = start.toAbsolutePath().normalize(); p != null; p = p.getParent()) {
            if (Files.isDirectory(p.resolve("assets"))) {
                out.add(p);
            }
        }
    }
}
