package studio.mobilei2v.studio.source;

import studio.mobilei2v.studio.image.FxImages;
import studio.mobilei2v.image.PngFiles;
import javafx.scene.image.Image;
import studio.mobilei2v.inference.VideoFrame;
import studio.mobilei2v.inference.image.SourceImage;
import studio.mobilei2v.studio.clip.SourcePicture;
import studio.mobilei2v.inference.io.AtomicFiles;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;

/** Reads pictures for clips (off the UI thread) and saves in-memory pictures as files. */
public final class ClipLoader {
    /** Containers the exporter writes; dropping one means "restore that clip". */
    public static final Set<String> VIDEO_EXTENSIONS = Set.of("mp4", "webm", "mkv", "mov", "gif");

    private ClipLoader() {
    }

    /** A decoded source and its on-screen image. */
    public record Loaded(SourcePicture picture, Image image) {
    }

    public static Loaded loadPicture(Path file) throws Exception {
        return loadPicture(file, file.getFileName().toString());
    }

    /** Loads a picture the studio already keeps, under the name the user knows it by. */
    public static Loaded loadPicture(Path file, String name) throws Exception {
        SourceImage decoded = SourceImage.load(file);
        return new Loaded(new SourcePicture(decoded, name), FxImages.toFx(decoded));
    }

    /**
     * Copies the user's picture, byte for byte, into the studio's own {@code sourcesDir} (named by
     * its SHA-256, so the same picture is kept once) and loads that copy: the clip keeps working
     * when the original is moved or deleted, and the session can always find it again.
     */
    public static Loaded loadAndKeep(Path original, Path sourcesDir) throws Exception {
        if (!Files.isRegularFile(original)) throw new NoSuchFileException(original.toString(), null, "no such file");
        if (Files.size(original) > SourceImage.MAX_FILE_BYTES) return loadPicture(original); // SourceImage refuses it with its own message
        byte[] bytes = Files.readAllBytes(original);
        String name = original.getFileName().toString();
        Path kept = sourcesDir.resolve(studio.mobilei2v.inference.Hex.sha256(bytes) + extensionOf(name));
        if (!Files.exists(kept)) AtomicFiles.write(kept, bytes);
        return loadPicture(kept, name);
    }

    private static String extensionOf(String name) {
        int dot = name.lastIndexOf('.');
        String ext = dot > 0 ? name.substring(dot).toLowerCase(Locale.ROOT) : "";
        return ext.matches("\\.[a-z0-9]{1,5}") ? ext : "";
    }

    public static boolean looksLikeVideo(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        int dot = name.lastIndexOf('.');
        return dot > 0 && VIDEO_EXTENSIONS.contains(name.substring(dot + 1));
    }

    /** Saves a frame as PNG (atomically) so a clip extended from it has a real source file. */
    public static Path saveFrame(VideoFrame frame, Path file) throws IOException {
        AtomicFiles.write(file, PngFiles.png(frame));
        return file;
    }
}
