package studio.mobilei2v.inference.image;

import java.nio.file.Path;

/**
 * A source image cannot be used: missing, unreadable, not an image, truncated or corrupt, or too
 * large. The message starts with the file so a command line can print it as one line.
 */
public class ImageInputException extends Exception {
    private final Path file;

    public ImageInputException(Path file, String problem) {
        super(file + ": " + problem);
        this.file = file;
    }

    public ImageInputException(Path file, String problem, Throwable cause) {
        super(file + ": " + problem, cause);
        this.file = file;
    }

    public Path file() {
        return file;
    }
}
