package studio.mobilei2v.studio.image;

import javafx.embed.swing.SwingFXUtils;
import javafx.scene.image.Image;
import studio.mobilei2v.inference.image.SourceImage;

import javax.imageio.ImageIO;
import java.io.ByteArrayOutputStream;
import java.io.IOException;

/** Between the decoded pictures of the inference module and JavaFX images (the only AWT bridge in the studio). */
public final class FxImages {
    private FxImages() {
    }

    /** The decoded source as the user sees it on screen (the same pixels the encoder gets). */
    public static Image toFx(SourceImage decoded) {
        return SwingFXUtils.toFXImage(decoded.image(), null);
    }

    /** A JavaFX image (a pasted picture) as PNG bytes. */
    public static byte[] png(Image image) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        if (!ImageIO.write(SwingFXUtils.fromFXImage(image, null), "png", out)) throw new IOException("no PNG writer available");
        return out.toByteArray();
    }
}
