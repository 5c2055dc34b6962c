package studio.mobilei2v.export.image;

import studio.mobilei2v.export.RgbFrame;

import javax.imageio.ImageIO;
import javax.imageio.stream.MemoryCacheImageOutputStream;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.io.IOException;
import java.io.OutputStream;

/** The exporter's AWT work: frames to and from BufferedImage, bilinear scaling, PNG frames. */
public final class RgbImages {
    private RgbImages() {
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
    public static BufferedImage toImage(RgbFrame frame) {
        byte[] rgb = frame.rgb();
        BufferedImage image = new BufferedImage(frame.width(), frame.height(), BufferedImage.TYPE_3BYTE_BGR);
        byte[] bgr = ((DataBufferByte) image.getRaster().getDataBuffer()).getData();
        for (int i = 0; i < rgb.length; i += 3) {
            bgr[i] = rgb[i + 2];
            bgr[i + 1] = rgb[i + 1];
            bgr[i + 2] = rgb[i];
        }
        return image;
    }

    /** Writes {@code frame} as PNG; false when this Java runtime has no PNG writer. */
    public static boolean writePng(RgbFrame frame, OutputStream os) throws IOException {
        // A memory-cached stream: ImageIO's default would first copy every frame to a temp file.
        try (MemoryCacheImageOutputStream ios = new MemoryCacheImageOutputStream(os)) {
            return ImageIO.write(toImage(frame), "png", ios);
        }
    }

    /**
     * Resamples with bilinear filtering; large reductions go down by halves first so that every
     * source pixel still contributes (plain bilinear at 1/4 would alias).
     */
    public static RgbFrame scale(RgbFrame frame, int w, int h) {
        BufferedImage img = toImage(frame);
        int cw = img.getWidth();
        int ch = img.getHeight();
        while (cw / 2 >= w && ch / 2 >= h) {
            cw /= 2;
            ch /= 2;
            img = draw(img, cw, ch);
        }
        if (cw != w || ch != h) {
            img = draw(img, w, h);
        }
        return fromImage(img);
    }

    private static BufferedImage draw(BufferedImage src, int w, int h) {
        BufferedImage dst = new BufferedImage(w, h, BufferedImage.TYPE_3BYTE_BGR);
        Graphics2D g = dst.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
            g.drawImage(src, 0, 0, w, h, null);
        } finally {
            g.dispose();
        }
        return dst;
    }
}
