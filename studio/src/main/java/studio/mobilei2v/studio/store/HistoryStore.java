package studio.mobilei2v.studio.store;

import studio.mobilei2v.inference.io.AtomicFiles;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

/**
 * The run history, one JSON file ({@code history.json}) rewritten atomically on every change.
 * A damaged file is moved aside (never silently overwritten) and reported.
 */
public final class HistoryStore {
    /** Older entries are dropped beyond this, so the file stays small. */
    public static final int MAX_RUNS = 500;

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private final Path file;
    private final List<RunRecord> runs = new ArrayList<>();
    private String loadProblem;

    public HistoryStore(Path file) {
        this.file = file;
    }

    public static HistoryStore inConfigDir() {
        return new HistoryStore(StudioPaths.configDir().resolve("history.json"));
    }

    public Path file() {
        return file;
    }

    /** Reads the file; returns the runs, oldest first. A problem is kept in {@link #loadProblem()}. */
    public synchronized List<RunRecord> load() {
        runs.clear();
        loadProblem = null;
        if (!Files.exists(file)) return List.of();
        try {
            runs.addAll(JSON.readValue(file.toFile(), new TypeReference<List<RunRecord>>() { }));
        } catch (IOException e) {
            Path aside = file.resolveSibling(file.getFileName() + ".damaged-" + System.currentTimeMillis());
            try {
                Files.move(file, aside, StandardCopyOption.REPLACE_EXISTING);
                loadProblem = file + " could not be read (" + firstLine(e) + "); it was kept as " + aside.getFileName();
            } catch (IOException moveFailed) {
                loadProblem = file + " could not be read: " + e.getMessage();
            }
        }
        return List.copyOf(runs);
    }

    private static String firstLine(IOException e) {
        String m = String.valueOf(e.getMessage());
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }

    public synchronized String loadProblem() {
        return loadProblem;
    }

    /** Appends a run and rewrites the file atomically. Call off the UI thread. */
    public synchronized void append(RunRecord run) throws IOException {
        runs.add(run);
        while (runs.size() > MAX_RUNS) runs.remove(0);
        AtomicFiles.write(file, JSON.writeValueAsBytes(runs));
    }

    public synchronized List<RunRecord> runs() {
        return List.copyOf(runs);
    }
}
