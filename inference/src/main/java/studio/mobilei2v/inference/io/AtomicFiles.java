package studio.mobilei2v.inference.io;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The project's one "write under a temporary sibling name, then rename" (reports, journals,
 * caches, settings, prepared device files): a crash or a failed write never leaves half a file
 * under the real name, and a failed write leaves no temporary file either.
 *
 * <p>The temporary file is {@code .<name>.part-<random>.tmp} in the target's folder (same file
 * system, so the rename is cheap), created with the process' default permissions. The rename is
 * {@code ATOMIC_MOVE}; where the file system cannot do that, a plain replacing move is the one
 * fallback.
 */
public final class AtomicFiles {
    /** Writes the content of a file being published. */
    @FunctionalInterface
    public interface Content {
        void writeTo(OutputStream out) throws IOException;
    }

    private AtomicFiles() {
    }

    /** Writes {@code bytes} as {@code target}, replacing what was there; creates missing folders. */
    public static void write(Path target, byte[] bytes) throws IOException {
        write(target, out -> out.write(bytes));
    }

    /**
     * Writes what {@code content} produces as {@code target}, replacing what was there; creates
     * missing folders. When {@code content} or the rename fails, the temporary file is deleted and
     * {@code target} is left as it was.
     */
    public static void write(Path target, Content content) throws IOException {
        Path tmp = tempSibling(target);
        try {
            try (OutputStream out = Files.newOutputStream(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                content.writeTo(out);
            }
            move(tmp, target);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /**
     * A fresh, unused path next to {@code target} for a temporary file or folder (nothing is
     * created there). Creates the target's folder when missing.
     */
    public static Path tempSibling(Path target) throws IOException {
        Path abs = target.toAbsolutePath();
        Path dir = abs.getParent();
        Files.createDirectories(dir);
        String stem = "." + abs.getFileName() + ".part-";
        Path tmp;
        do {
            tmp = dir.resolve(stem + Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 16) + ".tmp");
        } while (Files.exists(tmp));
        return tmp;
    }

    /**
     * Renames a finished file or folder {@code tmp} to {@code target}: atomically where the file
     * system can, else with a plain replacing move. Leaves {@code tmp} to the caller on failure.
     */
    public static void move(Path tmp, Path target) throws IOException {
        try {
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
