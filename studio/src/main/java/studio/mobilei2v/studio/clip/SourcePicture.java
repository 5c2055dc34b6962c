package studio.mobilei2v.studio.clip;

import studio.mobilei2v.inference.image.SourceImage;

import java.nio.file.Path;
import java.util.Objects;

/**
 * A clip's source image as the inference module decoded it (EXIF orientation applied, alpha over
 * black), so the pixels the user sees cropped are exactly the pixels the encoder gets.
 *
 * @param decoded the decoded picture; {@code decoded.file()} is the studio's own copy of the
 *                original file (under the config folder's {@code sources/}) when one was kept
 * @param name    the picture's own file name as the user knew it ("holiday.jpg"), never a hash
 */
public record SourcePicture(SourceImage decoded, String name) {
    public SourcePicture {
        Objects.requireNonNull(decoded, "decoded");
        if (name == null || name.isBlank()) name = decoded.file().getFileName().toString();
    }

    public SourcePicture(SourceImage decoded) {
        this(decoded, null);
    }

    /** The file the pixels were read from (the studio's kept copy, or the original). */
    public Path file() { return decoded.file(); }

    public String sha256() { return decoded.sha256(); }

    public int width() { return decoded.width(); }

    public int height() { return decoded.height(); }
}
