package studio.mobilei2v.studio.session;

import studio.mobilei2v.image.PngFiles;
import studio.mobilei2v.inference.VideoFrame;
import studio.mobilei2v.inference.io.AtomicFiles;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;

/**
 * A take's frames on disk: {@code takes/<take id>/000.png ...} under the config folder, lossless.
 * A take's frames never change, so each folder is written once: into a temporary folder that is
 * renamed into place when every frame is there, so a folder that exists is complete.
 */
public final class FrameStore {
    private final Path root;

    /** @param configDir the studio's config folder; frames go to its {@code takes/} */
    public FrameStore(Path configDir) {
        this.root = configDir.resolve("takes");
    }

    /** Folder name of a take's frames, relative to the config folder (what the session file records). */
    public static String relativeDir(String takeId) {
        return "takes/" + takeId;
    }

    public boolean has(String takeId) {
        return Files.isDirectory(root.resolve(takeId));
    }

    /** Writes the frames unless the take's folder already exists. Call off the UI thread. */
    public void write(String takeId, List<VideoFrame> frames) throws IOException {
        Path dir = root.resolve(takeId);
        if (Files.isDirectory(dir)) return;
        Files.createDirectories(root);
        Path tmp = Files.createTempDirectory(root, "." + takeId + ".part-");
        try {
            for (int i = 0; i < frames.size(); i++) {
                VideoFrame f = frames.get(i);
                Files.write(tmp.resolve(name(i)), PngFiles.png(f));
            }
            AtomicFiles.move(tmp, dir);
        } finally {
            deleteTree(tmp);
        }
    }

    /** Reads a take's frames in order; fails naming the folder when one is missing or damaged. */
    public List<VideoFrame> read(String takeId, int count) throws IOException {
        Path dir = root.resolve(takeId);
        List<VideoFrame> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            Path p = dir.resolve(name(i));
            VideoFrame frame = PngFiles.read(p);
            if (frame == null) throw new IOException("frame " + i + " of a kept take is missing or damaged: " + p);
            out.add(frame);
        }
        return out;
    }

    /** Deletes take folders the session no longer names (and leftovers of interrupted writes). */
    public void prune(Set<String> keep) throws IOException {
        if (!Files.isDirectory(root)) return;
        try (Stream<Path> s = Files.list(root)) {
            for (Path p : s.toList()) {
                if (!keep.contains(p.getFileName().toString())) deleteTree(p);
            }
        }
    }

    private static String name(int i) {
        return String.format(Locale.ROOT, "%03d.png", i);
    }

    private static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p)) return;
        try (Stream<Path> s = Files.walk(p)) {
            s.sorted(Comparator.reverseOrder()).forEach(x -> {
                try {
                    Files.deleteIfExists(x);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }
}
