package studio.mobilei2v.studio.store;

import studio.mobilei2v.inference.io.AtomicFiles;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Window size and the split positions, remembered in {@code window.json}. Missing or damaged
 * means "use the defaults" - losing a window size is not worth an error message.
 */
public record WindowState(double x, double y, double width, double height, boolean maximized,
                          double leftDivider, double rightDivider, double bottomDivider, String lastBundle) {

    public static final WindowState DEFAULT = new WindowState(Double.NaN, Double.NaN, 1440, 900, false,
            0.22, 0.6, 0.78, null);

    private static final ObjectMapper JSON = new ObjectMapper()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    public static Path file() {
        return StudioPaths.configDir().resolve("window.json");
    }

    public static WindowState load(Path file) {
        try {
            if (Files.exists(file)) return JSON.readValue(file.toFile(), WindowState.class);
        } catch (IOException | RuntimeException e) {
            // defaults below: a bad window file must not stop the studio from opening
        }
        return DEFAULT;
    }

    public void save(Path file) throws IOException {
        AtomicFiles.write(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(this));
    }
}
