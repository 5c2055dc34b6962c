package studio.mobilei2v.studio.menu;

import studio.mobilei2v.studio.image.FxImages;
import javafx.scene.image.Image;
import javafx.scene.input.Clipboard;
import studio.mobilei2v.inference.io.AtomicFiles;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * Ctrl+V: copied files (from a file manager) are added as they are; a copied image (from a browser
 * or an image editor) is saved as a PNG in the studio's own folder first, so the clip has a file.
 */
public final class ClipboardPictures {
    private ClipboardPictures() {
    }

    /** What the clipboard holds: files, an image, or nothing usable. Read on the UI thread. */
    public record Content(List<Path> files, Image image) {
        public boolean isEmpty() { return files.isEmpty() && image == null; }
    }

    public static Content read(Clipboard clipboard) {
        if (clipboard.hasFiles() && !clipboard.getFiles().isEmpty()) {
            return new Content(clipboard.getFiles().stream().map(File::toPath).toList(), null);
        }
        if (clipboard.hasImage() && clipboard.getImage() != null) return new Content(List.of(), clipboard.getImage());
        return new Content(List.of(), null);
    }

    /** Saves a pasted image as "pasted 2026-12-02 06.10.05.png" under {@code dir}. Call off the UI thread. */
    public static Path savePasted(Image image, Path dir) throws IOException {
        Path file = dir.resolve("pasted " + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH.mm.ss")) + ".png");
        AtomicFiles.write(file, FxImages.png(image));
        return file;
    }
}
