package studio.mobilei2v.inference.image;

import studio.mobilei2v.inference.ModelImage;
import studio.mobilei2v.inference.VideoFrame;

import java.awt.image.BufferedImage;

/** Desktop conversions between frames / fitted images and BufferedImage (PNG writing, previews). */
public final class VideoFrameImages {
    private VideoFrameImages() {
    }

    public static BufferedImage toBufferedImage(VideoFrame frame) {
        BufferedImage img = new BufferedImage(frame.width(), frame.height(), BufferedImage.TYPE_INT_RGB);
        img.setRGB(0, 0, frame.width(), frame.height(), frame.toArgb(), 0, frame.width());
        return img;
    }

    public static BufferedImage toBufferedImage(ModelImage image) {
        return toBufferedImage(new VideoFrame(image.width(), image.height(), image.rgb()));
    }

    /** Packed RGB bytes of any image (alpha ignored). */
    public static VideoFrame toFrame(BufferedImage img) {
        int w = img.getWidth();
        int h = img.getHeight();
        int[] argb = img.getRGB(0, 0, w, h, null, 0, w);
        byte[] rgb = new byte[w * h * 3];
        for (int i = 0; i < argb.length; i++) {
            rgb[3 * i] = (byte) (argb[i] >> 16);
            rgb[3 * i + 1] = (byte) (argb[i] >> 8);
            rgb[3 * i + 2] = (byte) argb[i];
        }
        return new VideoFrame(w, h, rgb);
    }
}
