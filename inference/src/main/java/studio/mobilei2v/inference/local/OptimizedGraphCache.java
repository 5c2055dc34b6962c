package studio.mobilei2v.inference.local;

import studio.mobilei2v.inference.Hex;
import studio.mobilei2v.inference.io.AtomicFiles;
import studio.mobilei2v.inference.bundle.FileEntry;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Graphs as ONNX Runtime has already optimised them, kept on disk so that the next process
 * skips the optimisation passes (measured on the nano denoiser: session creation 500-1500 ms
 * from the bundle's graph, about 100 ms from the cached one, same run time).
 *
 * <p>An optimised graph may contain layout transforms for this CPU, so the key covers the
 * graph's SHA-256 (from the manifest), the ONNX Runtime version, the execution provider, the
 * architecture and the CPU's model and feature flags. Files are written under a temporary name
 * and renamed, so a crash never leaves a half graph that is later trusted; a cached graph that
 * fails to load is deleted and rebuilt.
 */
final class OptimizedGraphCache {
    private final Path dir;

    OptimizedGraphCache(Path dir) {
        this.dir = dir;
    }

    /** ~/.cache/mobilei2v/ort (or $XDG_CACHE_HOME/mobilei2v/ort). */
    static Path defaultDir() {
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
        return base.resolve("mobilei2v").resolve("ort");
    }

    Path dir() {
        return dir;
    }

    /** Where the optimised form of a bundle file lives for these options. */
    Path pathFor(FileEntry graph, String ortVersion, String executionProvider) {
        String fingerprint = String.join("\n", graph.sha256(), ortVersion, executionProvider,
                System.getProperty("os.arch"), cpuFingerprint());
        return dir.resolve(Hex.sha256(fingerprint).substring(0, 32) + ".onnx");
    }

    /** A temporary name next to {@code target}, unique to this process and thread. */
    Path tempFor(Path target) {
        return target.resolveSibling(target.getFileName() + "." + ProcessHandle.current().pid() + "."
                + Thread.currentThread().getId() + ".tmp");
    }

    boolean prepare() {
        try {
            Files.createDirectories(dir);
            return Files.isWritable(dir);
        } catch (IOException | SecurityException e) {
            return false; // no cache: sessions are simply created from the bundle every time
        }
    }

    /** Entries kept; older ones (bundles re-exported or removed since) are deleted on publish. */
    static final int MAX_ENTRIES = 32;

    /** Deletes the least recently written graphs beyond {@link #MAX_ENTRIES}. */
    void prune() {
        try (java.util.stream.Stream<Path> s = Files.list(dir)) {
            List<Path> graphs = s.filter(p -> p.getFileName().toString().endsWith(".onnx"))
                    .sorted(java.util.Comparator.comparing((Path p) -> {
                        try {
                            return Files.getLastModifiedTime(p).toMillis();
                        } catch (IOException e) {
                            return 0L;
                        }
                    }).reversed())
                    .toList();
            for (int i = MAX_ENTRIES; i < graphs.size(); i++) {
                deleteQuietly(graphs.get(i));
            }
        } catch (IOException | RuntimeException ignored) {
            // pruning is housekeeping only
        }
    }

    /** Renames a finished temp file into place; false (and no file left) when that fails. */
    static boolean publish(Path tmp, Path target) {
        try {
            if (!Files.isRegularFile(tmp) || Files.size(tmp) == 0) {
                Files.deleteIfExists(tmp);
                return false;
            }
            AtomicFiles.move(tmp, target);
            return true;
        } catch (IOException e) {
            deleteQuietly(tmp);
            return false;
        }
    }

    static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException ignored) {
            // best effort: a stale cache file is rebuilt next time
        }
    }

    /** CPU model name and feature flags from /proc/cpuinfo (Linux, Android); empty elsewhere. */
    private static String cpuFingerprint() {
        StringBuilder sb = new StringBuilder(Integer.toString(Runtime.getRuntime().availableProcessors()));
        try {
            List<String> lines = Files.readAllLines(Path.of("/proc/cpuinfo"), StandardCharsets.US_ASCII);
            for (String line : lines) {
                String l = line.toLowerCase(java.util.Locale.ROOT);
                if (l.startsWith("model name") || l.startsWith("flags") || l.startsWith("features")
                        || l.startsWith("cpu part") || l.startsWith("hardware")) {
                    sb.append('\n').append(line.trim());
                    if (l.startsWith("flags") || l.startsWith("features")) {
                        break; // the first processor's block is enough
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            sb.append("\nno-cpuinfo");
        }
        return sb.toString();
    }
}
