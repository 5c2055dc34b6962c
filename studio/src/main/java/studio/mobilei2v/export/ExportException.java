package studio.mobilei2v.export;

import java.nio.file.Path;

/**
 * An export that could not be completed. The message is meant for a person: it names the file
 * and what went wrong, in one line. When this is thrown, no output file is left behind.
 */
public class ExportException extends Exception {

    private final Path file;

    public ExportException(Path file, String problem) {
        this(file, problem, null);
    }

    public ExportException(Path file, String problem, Throwable cause) {
        super(file == null ? problem : file + ": " + problem, cause);
        this.file = file;
    }

    /** The file the export was writing (or reading), or null when none is involved. */
    public Path file() {
        return file;
    }
}
