package studio.mobilei2v.studio.history;

import javafx.scene.image.Image;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Small pictures for the history list, one per source file, decoded by JavaFX's own background
 * loader (never on the UI thread) and kept in a bounded cache. A missing file has no thumbnail.
 */
final class Thumbnails {
    private static final int MAX = 200;
    private final double width;
    private final Map<String, Image> cache = new LinkedHashMap<>(16, 0.75f, true) {
        @Override protected boolean removeEldestEntry(Map.Entry<String, Image> e) { return size() > MAX; }
    };

    Thumbnails(double width) {
        this.width = width;
    }

    /** UI thread. */
    Image of(String file) {
        if (file == null) return null;
        return cache.computeIfAbsent(file, f -> {
            Path p = Path.of(f);
            // Files.exists is a stat, not a read; the decoding itself happens on JavaFX's loader thread
            return Files.isRegularFile(p) ? new Image(p.toUri().toString(), width * 2, 0, true, true, true) : null;
        });
    }
}
