package studio.mobilei2v.studio.clip;

import javafx.scene.image.Image;
import javafx.scene.image.PixelFormat;
import javafx.scene.image.WritableImage;
import studio.mobilei2v.inference.VideoFrame;
import studio.mobilei2v.inference.warp.AreaDownscale;

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
        float[] planes = AreaDownscale.planes(f.rgb(), f.width(), f.height(), tw, th); // the pipeline's own box mean
        int n = tw * th;
        int[] argb = new int[n];
        for (int p = 0; p < n; p++) {
            argb[p] = 0xFF000000 | Math.round(planes[p]) << 16 | Math.round(planes[n + p]) << 8 | Math.round(planes[2 * n + p]);
        }
        WritableImage img = new WritableImage(tw, th);
        img.getPixelWriter().setPixels(0, 0, tw, th, PixelFormat.getIntArgbInstance(), argb, 0, tw);
        return img;
    }
}
