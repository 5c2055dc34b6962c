package studio.mobilei2v.image;

import studio.mobilei2v.inference.VideoFrame;
import studio.mobilei2v.inference.ModelImage;
import studio.mobilei2v.inference.image.VideoFrameImages;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Frames as lossless PNG and back (ImageIO): kept takes, saved frames, the fitted source in an export. */
public final class PngFiles {
    private PngFiles() {
    }

    public static byte[] png(VideoFrame frame) throws IOException {
        return encode(VideoFrameImages.toBufferedImage(frame));
    }

    public static byte[] png(ModelImage image) throws IOException {
        return encode(VideoFrameImages.toBufferedImage(image));
    }

    /** The frame in {@code file}, or null when the file is missing or no picture ImageIO can read. */
    public static VideoFrame read(Path file) throws IOException {
        BufferedImage img = Files.isRegularFile(file) ? ImageIO.read(file.toFile()) : null;
        return img == null ? null : VideoFrameImages.toFrame(img);
    }

    static byte[] encode(BufferedImage img) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        if (!ImageIO.write(img, "png", out)) throw new IOException("no PNG writer available");
        return out.toByteArray();
    }
}
