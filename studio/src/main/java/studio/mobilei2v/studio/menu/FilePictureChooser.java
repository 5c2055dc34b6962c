package studio.mobilei2v.studio.menu;

import javafx.stage.FileChooser;
import javafx.stage.Window;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The platform's file dialog, several files at once, pictures (and the studio's own exports) first. */
public final class FilePictureChooser implements PictureChooser {
    @Override
    public List<Path> choose(Window owner, Path startIn) {
        FileChooser fc = new FileChooser();
        fc.setTitle("Add pictures to the timeline");
        fc.getExtensionFilters().addAll(
                new FileChooser.ExtensionFilter("Pictures", "*.png", "*.jpg", "*.jpeg", "*.webp", "*.bmp", "*.gif",
                        "*.PNG", "*.JPG", "*.JPEG", "*.WEBP", "*.BMP", "*.GIF"),
                new FileChooser.ExtensionFilter("Exported MobileI2V videos (restore their clips)", "*.mp4", "*.webm", "*.gif"),
                new FileChooser.ExtensionFilter("All files", "*"));
        Path folder = startIn != null && Files.isDirectory(startIn) ? startIn : defaultFolder();
        if (folder != null) fc.setInitialDirectory(folder.toFile());
        List<File> files = fc.showOpenMultipleDialog(owner);
        return files == null ? List.of() : files.stream().map(File::toPath).toList();
    }

    /** Before any picture was added: ~/Pictures when there is one, else the home folder (not GTK's empty "Recent"). */
    static Path defaultFolder() {
        Path home = Path.of(System.getProperty("user.home"));
        Path pictures = home.resolve("Pictures");
        return Files.isDirectory(pictures) ? pictures : Files.isDirectory(home) ? home : null;
    }
}
