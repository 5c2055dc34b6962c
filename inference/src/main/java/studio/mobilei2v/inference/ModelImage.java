package studio.mobilei2v.inference;

import java.util.Objects;

/**
 * The source image already fitted to the model's video size: packed 8-bit RGB, row-major,
 * no alpha (composited over black when loaded). This, not a file path, is what a
 * {@link GenerationRequest} carries, so a phone never needs an image decoder and the same
 * pixels reach the encoder wherever the run happens.
 *
 * @param width        model video width
 * @param height       model video height
 * @param rgb          width*height*3 bytes, R,G,B per pixel, rows top to bottom
 * @param sourceName   file name of the original (for reports and export metadata); may be null
 * @param sourceSha256 lowercase hex SHA-256 of the original file's bytes; may be null
 * @param fit          how it was fitted
 * @param crop         the source rectangle used (source pixels after EXIF orientation); may be null
 * @param loadMs       milliseconds spent reading, decoding and fitting the source (0 if unknown)
 */
public record ModelImage(int width, int height, byte[] rgb, String sourceName, String sourceSha256,
                         FitMode fit, CropRect crop, double loadMs) {
    public ModelImage {
        Objects.requireNonNull(rgb, "rgb");
        Objects.requireNonNull(fit, "fit");
        if (width <= 0 || height <= 0 || (long) width * height * 3 != rgb.length) {
            throw new IllegalArgumentException("model image of " + width + "x" + height
                    + " needs " + ((long) width * height * 3) + " RGB bytes, got " + rgb.length);
        }
    }

    /** Pixels only, for tests and callers that made the pixels themselves. */
    public static ModelImage ofPixels(int width, int height, byte[] rgb) {
        return new ModelImage(width, height, rgb, null, null, FitMode.CROP, null, 0);
    }
}
