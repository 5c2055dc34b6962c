package studio.mobilei2v.image;

import studio.mobilei2v.inference.VideoFrame;
import studio.mobilei2v.inference.image.VideoFrameImages;

import javax.imageio.ImageIO;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A synthetic clip for benchmarks: a photo (or colour bars when there is none) stretched wide and
 * panned {@code pan} px per frame - natural content with motion, like a trained model's output.
 */
public final class PanningClip {
    private PanningClip() {
    }

    public static List<VideoFrame> frames(Path photo, int w, int h, int frames, int pan) throws IOException {
        BufferedImage src = photo == null ? null : ImageIO.read(photo.toFile());
        int wide = w + pan * frames;
        BufferedImage canvas = new BufferedImage(wide, h, BufferedImage.TYPE_3BYTE_BGR);
        Graphics2D g = canvas.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BICUBIC);
            if (src != null) {
                g.drawImage(src, 0, 0, wide, h, null);
            } else {
                for (int x = 0; x < wide; x += 40) {
                    g.setColor(new java.awt.Color((x * 7) % 256, (x * 3) % 256, 200 - (x % 200)));
                    g.fillRect(x, 0, 40, h);
                }
            }
        } finally {
            g.dispose();
        }
        List<VideoFrame> clip = new ArrayList<>();
        for (int i = 0; i < frames; i++) {
            clip.add(VideoFrameImages.toFrame(canvas.getSubimage(i * pan, 0, w, h)));
        }
        return clip;
    }
}
