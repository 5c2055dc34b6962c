package studio.mobilei2v.studio.clip;

import javafx.scene.image.Image;
import javafx.scene.image.PixelFormat;
import javafx.scene.image.WritableImage;
import studio.mobilei2v.inference.VideoFrame;

/**
 * One generated frame: the raw 8-bit RGB (what export writes), the JavaFX image made from it off
 * the UI thread (what the player shows) and a small box-averaged copy for the timeline strip.
 * The strip must not scale the full images: at 1280x720, 17 frames a clip are over 60 MB of
 * textures, and JavaFX's software pipeline stops drawing some of them (seen under Xvfb: the
 * second clip's later thumbnails came out as smears).
 */
public record ClipFrame(int index, VideoFrame pixels, Image image, Image thumbnail, double decoderMs) {
    /** Width of {@link #thumbnail()} in pixels (twice the strip's slot, for HiDPI screens). */
    public static final int THUMBNAIL_WIDTH = 88;

    /** Makes the thumbnail from the pixels: call where the image is made, off the UI thread. */
    public ClipFrame(int index, VideoFrame pixels, Image image, double decoderMs) {
        this(index, pixels, image, thumbnailOf(pixels), decoderMs);
    }

    static WritableImage thumbnailOf(VideoFrame f) {
        int tw = Math.min(THUMBNAIL_WIDTH, f.width());
        int th = Math.max(1, (int) Math.round((double) tw * f.height() / f.width()));
        int[] argb = new int[tw * th];
        byte[] rgb = f.rgb();
        for (int ty = 0; ty < th; ty++) {
            int y0 = ty * f.height() / th;
            int y1 = Math.max(y0 + 1, (ty + 1) * f.height() / th);
            for (int tx = 0; tx < tw; tx++) {
                int x0 = tx * f.width() / tw;
                int x1 = Math.max(x0 + 1, (tx + 1) * f.width() / tw);
                long r = 0, g = 0, b = 0;
                for (int y = y0; y < y1; y++) {
                    for (int x = x0, i = (y * f.width() + x0) * 3; x < x1; x++, i += 3) {
                        r += rgb[i] & 0xFF;
                        g += rgb[i + 1] & 0xFF;
                        b += rgb[i + 2] & 0xFF;
                    }
                }
                long n = (long) (y1 - y0) * (x1 - x0);
                argb[ty * tw + tx] = 0xFF000000 | (int) (r / n) << 16 | (int) (g / n) << 8 | (int) (b / n);
            }
        }
        WritableImage img = new WritableImage(tw, th);
        img.getPixelWriter().setPixels(0, 0, tw, th, PixelFormat.getIntArgbInstance(), argb, 0, tw);
        return img;
    }
}
