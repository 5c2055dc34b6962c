package studio.mobilei2v.inference.bundle;

import studio.mobilei2v.inference.Hex;
import studio.mobilei2v.inference.io.AtomicFiles;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Remembers files whose SHA-256 was verified, by identity stamp (absolute path, size,
 * modification time, inode, expected hash), like git's index: a file that has not been touched
 * since it was hashed is not hashed again. Hashing the 46 MB nano bundle costs about 2.5 s in a
 * fresh JVM (the digest runs interpreted until the JIT compiles it), which every command-line run
 * would otherwise pay. Any change of size, time, inode or expected hash forces a full hash;
 * {@link ModelBundle.HashCheck#FULL} ignores the stamps altogether.
 */
final class VerifiedFiles {
    private static final int MAX_ENTRIES = 2000;
    private final Path file;
    private final Set<String> stamps = new LinkedHashSet<>();
    private boolean dirty;

    private VerifiedFiles(Path file) {
        this.file = file;
    }

    /** ~/.cache/mobilei2v/verified-files.txt (or under $XDG_CACHE_HOME). */
    static VerifiedFiles load() {
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
        VerifiedFiles v = new VerifiedFiles(base.resolve("mobilei2v").resolve("verified-files.txt"));
        try {
            if (Files.isRegularFile(v.file)) {
                v.stamps.addAll(Files.readAllLines(v.file, StandardCharsets.US_ASCII));
            }
        } catch (IOException | RuntimeException e) {
            v.stamps.clear(); // unreadable cache: everything is hashed again
        }
        return v;
    }

    /** The stamp of a file as it is now, or null when it cannot be read. */
    static String stamp(Path p, String expectedSha) {
        try {
            BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class);
            String key = p.toAbsolutePath().normalize() + "\n" + a.size() + "\n" + a.lastModifiedTime().toInstant()
                    + "\n" + a.fileKey() + "\n" + expectedSha;
            return Hex.sha256(key);
        } catch (IOException e) {
            return null;
        }
    }

    boolean contains(String stamp) {
        return stamp != null && stamps.contains(stamp);
    }

    void add(String stamp) {
        if (stamp != null && stamps.add(stamp)) {
            dirty = true;
        }
    }

    /** Writes the stamps (temp name + rename); failures only cost a re-hash next time. */
    void save() {
        if (!dirty) {
            return;
        }
        List<String> all = new ArrayList<>(stamps);
        List<String> kept = all.subList(Math.max(0, all.size() - MAX_ENTRIES), all.size());
        try {
            AtomicFiles.write(file, out -> {
                for (String line : kept) {
                    out.write((line + "\n").getBytes(StandardCharsets.US_ASCII));
                }
            });
            dirty = false;
        } catch (IOException | RuntimeException e) {
            // nothing more to do: the stamps are only a cache
        }
    }
}
