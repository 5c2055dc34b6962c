package studio.mobilei2v.export;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
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

    /** Copies any BufferedImage into packed RGB (alpha is dropped, not blended: frames are opaque). */
    public static RgbFrame fromImage(BufferedImage image) {
        int w = image.getWidth();
        int h = image.getHeight();
        byte[] out = new byte[w * h * 3];
        if (image.getType() == BufferedImage.TYPE_3BYTE_BGR) {
            byte[] bgr = ((DataBufferByte) image.getRaster().getDataBuffer()).getData();
            for (int i = 0; i < out.length; i += 3) {
                out[i] = bgr[i + 2];
                out[i + 1] = bgr[i + 1];
                out[i + 2] = bgr[i];
            }
        } else {
            int[] row = new int[w];
            for (int y = 0; y < h; y++) {
                image.getRGB(0, y, w, 1, row, 0, w);
                int o = y * w * 3;
                for (int x = 0; x < w; x++) {
                    int p = row[x];
                    out[o++] = (byte) (p >> 16);
                    out[o++] = (byte) (p >> 8);
                    out[o++] = (byte) p;
                }
            }
        }
        return new RgbFrame(w, h, out);
    }

    /** A TYPE_3BYTE_BGR image with this frame's pixels (a copy). */
    public BufferedImage toImage() {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR);
        byte[] bgr = ((DataBufferByte) image.getRaster().getDataBuffer()).getData();
        for (int i = 0; i < rgb.length; i += 3) {
            bgr[i] = rgb[i + 2];
            bgr[i + 1] = rgb[i + 1];
            bgr[i + 2] = rgb[i];
        }
        return image;
    }

    /** RGB of one pixel as 0xRRGGBB. */
    public int pixel(int x, int y) {
        int o = (y * width + x) * 3;
        return (rgb[o] & 0xFF) << 16 | (rgb[o + 1] & 0xFF) << 8 | (rgb[o + 2] & 0xFF);
    }
}
