package studio.mobilei2v.export;

import java.util.Objects;

/**
 * One video frame as packed 8-bit RGB (row-major, 3 bytes per pixel, no row padding).
 * This is the exporter's own frame type so that the export package depends on nothing but
 * pixels: the pipeline's frames, the studio's timeline and the tests all convert to it.
 * The array is not copied; callers hand over ownership and must not change it afterwards.
 */
public record RgbFrame(int width, int height, byte[] rgb) {

    public RgbFrame {
        Objects.requireNonNull(rgb, "rgb");
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("frame size must be positive, got " + width + "x" + height);
        }
        if ((long) width * height * 3 != rgb.length) {
            throw new IllegalArgumentException("frame of " + width + "x" + height + " needs " + (long) width * height * 3
                    + " RGB bytes, got " + rgb.length);
        }
    }

    /** RGB of one pixel as 0xRRGGBB. */
    public int pixel(int x, int y) {
        int o = (y * width + x) * 3;
        return (rgb[o] & 0xFF) << 16 | (rgb[o + 1] & 0xFF) << 8 | (rgb[o + 2] & 0xFF);
    }
}
