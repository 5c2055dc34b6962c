package studio.mobilei2v.studio.clip;

import studio.mobilei2v.inference.image.SourceImage;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.Objects;

/**
 * A clip's source image as the inference module decoded it (EXIF orientation applied, alpha over
 * black), so the pixels the user sees cropped are exactly the pixels the encoder gets.
 */
public record SourcePicture(SourceImage decoded) {
    public SourcePicture {
        Objects.requireNonNull(decoded, "decoded");
    }

    public Path file() { return decoded.file(); }

    public BufferedImage image() { return decoded.image(); }

    public String sha256() { return decoded.sha256(); }

    public int width() { return decoded.width(); }

    public int height() { return decoded.height(); }

    public String name() { return file().getFileName().toString(); }
}
