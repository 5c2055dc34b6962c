package studio.mobilei2v.studio.engine;

import javafx.scene.image.PixelFormat;
import javafx.scene.image.WritableImage;
import studio.mobilei2v.inference.VideoFrame;

/** VideoFrame to a JavaFX image, done on the worker thread so the UI thread only swaps references. */
public final class FrameImages {
    private FrameImages() {
    }

    public static WritableImage toImage(VideoFrame frame) {
        WritableImage img = new WritableImage(frame.width(), frame.height());
        img.getPixelWriter().setPixels(0, 0, frame.width(), frame.height(), PixelFormat.getIntArgbInstance(),
                frame.toArgb(), 0, frame.width());
        return img;
    }
}
