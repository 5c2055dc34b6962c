package studio.mobilei2v.studio.session;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import studio.mobilei2v.inference.io.AtomicFiles;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Reads and writes {@code session.json}: always written whole under a temporary name and renamed
 * (AtomicFiles), so a crash leaves the previous session, never half of one. A file that cannot be
 * read is moved aside and the reason kept for the user, like the history.
 */
public final class SessionStore {
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private final Path file;

    public SessionStore(Path file) {
        this.file = file;
    }

    public Path file() { return file; }

    /** Result of reading: the document (null when there is none) and a problem sentence, or null. */
    public record Loaded(SessionDocument document, String problem) {
    }

    /** Call off the UI thread. */
    public Loaded load() {
        if (!Files.exists(file)) return new Loaded(null, null);
        try {
            SessionDocument d = JSON.readValue(file.toFile(), SessionDocument.class);
            if (!SessionDocument.FORMAT.equals(d.format())) {
                return new Loaded(null, aside("it says format '" + d.format() + "', not " + SessionDocument.FORMAT));
            }
            return new Loaded(d, null);
        } catch (IOException | RuntimeException e) {
            String m = String.valueOf(e.getMessage());
            return new Loaded(null, aside(m.contains("\n") ? m.substring(0, m.indexOf('\n')) : m));
        }
    }

    private String aside(String why) {
        Path damaged = file.resolveSibling(file.getFileName() + ".damaged-" + System.currentTimeMillis());
        try {
            Files.move(file, damaged, StandardCopyOption.REPLACE_EXISTING);
            return "The last session could not be read from " + file + " (" + why + "); it was kept as " + damaged.getFileName()
                    + " and the studio starts with an empty timeline.";
        } catch (IOException e) {
            return "The last session could not be read from " + file + ": " + why;
        }
    }

    /** Call off the UI thread. */
    public void save(SessionDocument d) throws IOException {
        AtomicFiles.write(file, JSON.writeValueAsBytes(d));
    }
}
