package studio.mobilei2v.studio.menu;

import javafx.stage.Window;

import java.nio.file.Path;
import java.util.List;

/**
 * Asks the user for pictures to add (File > Add pictures…, Ctrl+O, the empty timeline's button).
 * The studio uses {@link FilePictureChooser}; UI tests put their own in, since a native file
 * dialog cannot be driven headless.
 */
public interface PictureChooser {
    /**
     * @param startIn the folder to open in (the last one used), or null
     * @return the chosen files (empty when the user cancelled)
     */
    List<Path> choose(Window owner, Path startIn);
}
