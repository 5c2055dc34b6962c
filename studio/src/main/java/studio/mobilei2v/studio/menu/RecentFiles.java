package studio.mobilei2v.studio.menu;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import studio.mobilei2v.inference.io.AtomicFiles;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Recently added pictures and the folder the picture chooser opens in, kept in {@code recent.json}.
 * Losing it is not worth an error: a missing or damaged file means "nothing recent".
 *
 * @param folder the folder pictures were last added from, or null
 * @param files  newest first, at most {@link #MAX}
 */
public record RecentFiles(String folder, List<String> files) {
    public static final int MAX = 10;

    private static final ObjectMapper JSON = new ObjectMapper().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    public RecentFiles {
        files = files == null ? List.of() : List.copyOf(files);
    }

    public static RecentFiles load(Path file) {
        try {
            if (Files.exists(file)) return JSON.readValue(file.toFile(), RecentFiles.class);
        } catch (IOException | RuntimeException e) {
            // nothing recent: see the class comment
        }
        return new RecentFiles(null, List.of());
    }

    public void save(Path file) throws IOException {
        AtomicFiles.write(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(this));
    }

    /** These files were just added: they go first, and their folder becomes the chooser's. */
    public RecentFiles with(List<Path> added) {
        List<String> out = new ArrayList<>();
        for (Path p : added) out.add(p.toAbsolutePath().normalize().toString());
        for (String f : files) if (!out.contains(f)) out.add(f);
        while (out.size() > MAX) out.remove(out.size() - 1);
        Path last = added.isEmpty() ? null : added.get(added.size() - 1).toAbsolutePath().getParent();
        return new RecentFiles(last == null ? folder : last.toString(), out);
    }

    public Path folderPath() {
        return folder == null ? null : Path.of(folder);
    }
}
