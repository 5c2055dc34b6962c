package studio.mobilei2v.studio.store;

import java.nio.file.Path;

/**
 * Where the studio keeps its small files: {@code ~/.config/mobilei2v/} (XDG_CONFIG_HOME respected).
 * Tests point it elsewhere with {@code -Dmobilei2v.config.dir} so they never touch a user's history.
 */
public final class StudioPaths {
    public static final String CONFIG_PROPERTY = "mobilei2v.config.dir";

    private StudioPaths() {
    }

    public static Path configDir() {
        String prop = System.getProperty(CONFIG_PROPERTY);
        if (prop != null && !prop.isBlank()) return Path.of(prop);
        String env = System.getenv("MOBILEI2V_CONFIG_DIR");
        if (env != null && !env.isBlank()) return Path.of(env);
        String xdg = System.getenv("XDG_CONFIG_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".config");
        return base.resolve("mobilei2v");
    }
}
