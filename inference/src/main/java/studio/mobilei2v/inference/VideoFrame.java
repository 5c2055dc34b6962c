package studio.mobilei2v.inference;

import java.util.Objects;

/**
 * One decoded video frame: packed 8-bit RGB, row-major, no padding. Pure Java (no AWT) so the
 * same type exists on a phone.
 */
public record VideoFrame(int width, int height, byte[] rgb) {
    public VideoFrame {
        Objects.requireNonNull(rgb, "rgb");
        if (width <= 0 || height <= 0 || (long) width * height * 3 != rgb.length) {
            throw new IllegalArgumentException("frame of " + width + "x" + height + " needs "
                    + ((long) width * height * 3) + " RGB bytes, got " + rgb.length);
        }
    }

    /** The pixel at (x, y) as 0xAARRGGBB with alpha 255. */
    public int argb(int x, int y) {
        int i = (y * width + x) * 3;
        return 0xFF000000 | (rgb[i] & 0xFF) << 16 | (rgb[i + 1] & 0xFF) << 8 | (rgb[i + 2] & 0xFF);
    }

    /** All pixels as 0xAARRGGBB ints (e.g. for a JavaFX PixelWriter or BufferedImage.setRGB). */
    public int[] toArgb() {
        int[] out = new int[width * height];
        for (int p = 0, i = 0; p < out.length; p++, i += 3) {
            out[p] = 0xFF000000 | (rgb[i] & 0xFF) << 16 | (rgb[i + 1] & 0xFF) << 8 | (rgb[i + 2] & 0xFF);
        }
        return out;
    }
}
