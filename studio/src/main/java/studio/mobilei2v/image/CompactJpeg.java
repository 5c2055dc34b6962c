package studio.mobilei2v.image;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;

/** A picture file re-encoded as a JPEG at most {@code maxSide} px on its long side (bicubic, alpha over black). */
public final class CompactJpeg {
    static final float JPEG_QUALITY = 0.9f;

    private CompactJpeg() {
    }

    /** The JPEG bytes, or null when ImageIO cannot read the file's format. */
    public static byte[] of(Path file, int maxSide) throws IOException {
        BufferedImage img = ImageIO.read(file.toFile());
        return img == null ? null : jpeg(shrink(img, maxSide));
    }

    static BufferedImage shrink(BufferedImage img, int maxSide) {
        int w = img.getWidth();
        int h = img.getHeight();
        double s = Math.min(1.0, maxSide / (double) Math.max(w, h));
        int tw = Math.max(1, (int) Math.round(w * s));
        int th = Math.max(1, (int) Math.round(h * s));
        BufferedImage out = new BufferedImage(tw, th, BufferedImage.TYPE_INT_RGB); // JPEG has no alpha
        var g = out.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BICUBIC);
            g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
            g.drawImage(img, 0, 0, tw, th, java.awt.Color.BLACK, null);
        } finally {
            g.dispose();
        }
        return out;
    }

    static byte[] jpeg(BufferedImage img) throws IOException {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ImageOutputStream ios = ImageIO.createImageOutputStream(out)) {
            writer.setOutput(ios);
            ImageWriteParam p = writer.getDefaultWriteParam();
            p.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            p.setCompressionQuality(JPEG_QUALITY);
            writer.write(null, new IIOImage(img, null, null), p);
        } finally {
            writer.dispose();
        }
        return out.toByteArray();
    }
}
