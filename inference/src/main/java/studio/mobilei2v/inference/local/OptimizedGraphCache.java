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

    /**
     * Where the optimised form of a bundle file lives for these options; {@code externalData} are the
     * graph's external data files (their hashes are part of the key: the graph file alone does not
     * change when only its weights do).
     */
    Path pathFor(FileEntry graph, List<FileEntry> externalData, String ortVersion, String executionProvider) {
        StringBuilder weights = new StringBuilder();
        externalData.forEach(d -> weights.append('\n').append(d.path()).append(' ').append(d.sha256()));
        String fingerprint = String.join("\n", graph.sha256() + weights, ortVersion, executionProvider,
                System.getProperty("os.arch"), cpuFingerprint());
        return dir.resolve(Hex.sha256(fingerprint).substring(0, 32) + ".onnx");
    }

    /**
     * The name (in the cache folder) under which ONNX Runtime writes the initializers of the optimised
     * graph {@code target} when the bundle's graph keeps its weights outside the protobuf: unique to this
     * process and thread, so the data a published graph names is never rewritten while in use; the
     * graph itself is published by rename afterwards. Prefixed by the graph's key for {@link #prune}.
     */
    String dataNameFor(Path target) {
        return key(target) + "." + ProcessHandle.current().pid() + "-" + Thread.currentThread().getId() + DATA;
    }

    private static final String DATA = ".data";
    /** Data files without their graph are removed by prune only when older than this (a writer may be mid-way). */
    private static final long ORPHAN_AGE_MS = 10 * 60 * 1000L;

    private static String key(Path graph) {
        String name = graph.getFileName().toString();
        return name.endsWith(".onnx") ? name.substring(0, name.length() - ".onnx".length()) : name;
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

    /**
     * Deletes the least recently written graphs beyond {@link #MAX_ENTRIES} with their data files, and
     * data files whose graph is gone (a failed write, or a graph replaced by a racing process's).
     */
    void prune() {
        pruneOldGraphs();
        try (java.util.stream.Stream<Path> s = Files.list(dir)) {
            long now = System.currentTimeMillis();
            for (Path p : s.filter(p -> p.getFileName().toString().endsWith(DATA)).toList()) {
                String name = p.getFileName().toString();
                String graph = name.substring(0, Math.max(0, name.indexOf('.'))) + ".onnx";
                if (!Files.isRegularFile(dir.resolve(graph)) && now - Files.getLastModifiedTime(p).toMillis() > ORPHAN_AGE_MS) {
                    deleteQuietly(p);
                }
            }
        } catch (IOException | RuntimeException ignored) {
            // pruning is housekeeping only
        }
    }

    private void pruneOldGraphs() {
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
                deleteData(graphs.get(i));
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

    /** Deletes the data files of a cached graph (all its writers' names). */
    void deleteData(Path graph) {
        String prefix = key(graph) + ".";
        try (java.util.stream.Stream<Path> s = Files.list(dir)) {
            s.filter(p -> p.getFileName().toString().startsWith(prefix) && p.getFileName().toString().endsWith(DATA))
                    .forEach(OptimizedGraphCache::deleteQuietly);
        } catch (IOException | RuntimeException ignored) {
            // a stale data file is removed by a later prune
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
