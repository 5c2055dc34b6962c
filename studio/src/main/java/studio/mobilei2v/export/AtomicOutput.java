package studio.mobilei2v.export;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.stream.Stream;

/**
 * A file (or folder) written under a hidden temporary name in the target's own folder and renamed
 * onto the target only when complete. Same folder, so the rename is atomic (same file system):
 * readers see either the old file, or the complete new one, never a half-written one. Until
 * {@link #commit()}, {@link #close()} deletes the temporary output.
 */
final class AtomicOutput implements AutoCloseable {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final Path target;
    private final Path temp;
    private final boolean directory;
    private boolean committed;

    private AtomicOutput(Path target, Path temp, boolean directory) {
        this.target = target;
        this.temp = temp;
        this.directory = directory;
    }

    /** Prepares a temporary file beside {@code target}; fails now, naming the path, if it cannot be written. */
    static AtomicOutput file(Path target) throws ExportException {
        Path t = target.toAbsolutePath().normalize();
        checkParent(t);
        if (Files.isDirectory(t)) {
            throw new ExportException(t, "is a folder; give a file name ending in .mp4, .webm or .gif");
        }
        return createTemp(t, false);
    }

    /** Prepares a temporary folder beside {@code target} (a PNG sequence). */
    static AtomicOutput directory(Path target) throws ExportException {
        Path t = target.toAbsolutePath().normalize();
        checkParent(t);
        if (Files.exists(t) && !Files.isDirectory(t)) {
            throw new ExportException(t, "exists and is a file, not a folder for PNG frames");
        }
        return createTemp(t, true);
    }

    /** Creates the hidden temporary file or folder beside {@code t}. */
    private static AtomicOutput createTemp(Path t, boolean directory) throws ExportException {
        Path temp = t.resolveSibling(tempName(t));
        try {
            if (directory) {
                Files.createDirectory(temp);
            } else {
                Files.createFile(temp);
            }
        } catch (IOException e) {
            throw new ExportException(t, "cannot write here: " + reason(e, t.getParent()), e);
        }
        return new AtomicOutput(t, temp, directory);
    }

    private static void checkParent(Path t) throws ExportException {
        Path parent = t.getParent();
        if (parent == null) {
            throw new ExportException(t, "has no parent folder");
        }
        if (!Files.exists(parent)) {
            throw new ExportException(t, "folder " + parent + " does not exist");
        }
        if (!Files.isDirectory(parent)) {
            throw new ExportException(t, parent + " is not a folder");
        }
        if (!Files.isWritable(parent)) {
            throw new ExportException(t, "folder " + parent + " is not writable; choose another folder");
        }
    }

    private static String tempName(Path t) {
        byte[] r = new byte[6];
        RANDOM.nextBytes(r);
        return "." + t.getFileName() + ".part-" + HexFormat.of().formatHex(r);
    }

    /**
     * As {@link #reason(IOException)}, knowing the folder exists: a "no such file" when creating a
     * file in an existing folder means the folder takes no new files (/proc, /sys), i.e. it is not writable.
     */
    static String reason(IOException e, Path existingParent) {
        if (e instanceof NoSuchFileException && existingParent != null && Files.isDirectory(existingParent)) {
            return "folder " + existingParent + " is not writable (it does not take new files); choose another folder";
        }
        return reason(e);
    }

    static String reason(IOException e) {
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof NoSuchFileException) {
            return "folder does not exist";
        }
        if (e instanceof NotDirectoryException) {
            return "a parent is not a folder";
        }
        if (e instanceof FileSystemException fse && fse.getReason() != null) {
            return fse.getReason().toLowerCase(java.util.Locale.ROOT);
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    Path target() {
        return target;
    }

    Path temp() {
        return temp;
    }

    /** Moves the finished output onto the target, replacing an older export of the same name. */
    void commit() throws ExportException {
        try {
            if (!directory) {
                move(temp, target);
            } else if (!Files.exists(target)) {
                move(temp, target);
            } else {
                // A folder cannot replace a non-empty folder in one rename: move the old one aside
                // first, so a failure between the two steps leaves a complete old or new folder.
                refuseForeignFolder(target);
                Path old = target.resolveSibling(tempName(target) + ".old");
                move(target, old);
                try {
                    move(temp, target);
                } catch (ExportException e) {
                    move(old, target);
                    throw e;
                }
                deleteRecursively(old);
            }
            committed = true;
        } catch (ExportException e) {
            abort();
            throw e;
        }
    }

    /** Refuses to replace a folder that holds anything but a previous PNG-sequence export. */
    private static void refuseForeignFolder(Path dir) throws ExportException {
        try (Stream<Path> s = Files.list(dir)) {
            Path foreign = s.filter(p -> !PngSequenceSink.isOwnFile(p.getFileName().toString())).findFirst().orElse(null);
            if (foreign != null) {
                throw new ExportException(dir, "folder already holds other files (e.g. " + foreign.getFileName()
                        + "); choose an empty or new folder");
            }
        } catch (IOException e) {
            throw new ExportException(dir, "cannot read folder: " + reason(e), e);
        }
    }

    private static void move(Path from, Path to) throws ExportException {
        try {
            try {
                Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (DirectoryNotEmptyException e) {
            throw new ExportException(to, "folder is not empty", e);
        } catch (IOException e) {
            throw new ExportException(to, "cannot rename the finished file into place: " + reason(e), e);
        }
    }

    /** Deletes the temporary output; safe to call repeatedly. */
    void abort() {
        deleteRecursively(temp);
    }

    private static void deleteRecursively(Path p) {
        if (!Files.exists(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> s = Files.walk(p)) {
            s.sorted(Comparator.reverseOrder()).forEach(q -> {
                try {
                    Files.deleteIfExists(q);
                } catch (IOException ignored) {
                    // best effort: the rest is still deleted, and the name is hidden (.part-)
                }
            });
        } catch (IOException ignored) {
            // nothing more we can do; the name starts with a dot and says .part-
        }
    }

    @Override
    public void close() {
        if (!committed) {
            abort();
        }
    }

    static long sizeOf(Path p) {
        try (Stream<Path> s = Files.walk(p)) {
            return s.filter(Files::isRegularFile).mapToLong(q -> {
                try {
                    return Files.size(q);
                } catch (IOException e) {
                    return 0;
                }
            }).sum();
        } catch (IOException e) {
            return 0;
        }
    }
}
