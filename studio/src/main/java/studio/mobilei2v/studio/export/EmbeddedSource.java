package studio.mobilei2v.studio.export;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The source picture an export embeds. The compact default keeps exports small (the original was
 * ~95% of a short clip's file): a JPEG at most 1280 px on its long side, unless the original file
 * is smaller still. The exact original always stays in the studio's own folder.
 *
 * @param bytes     what is embedded, or null for {@link SourceEmbedding#NONE}
 * @param mediaType "image/jpeg", "image/png", ...
 */
public record EmbeddedSource(byte[] bytes, String mediaType) {
    public static final int MAX_SIDE = 1280;
    static final float JPEG_QUALITY = 0.9f;

    /** Call off the UI thread: decodes and encodes the picture. */
    public static EmbeddedSource of(Path original, SourceEmbedding how) throws IOException {
        if (how == SourceEmbedding.NONE) return new EmbeddedSource(null, null);
        byte[] raw = Files.readAllBytes(original);
        EmbeddedSource asIs = new EmbeddedSource(raw, ExportService.mediaType(original));
        if (how == SourceEmbedding.ORIGINAL) return asIs;
        BufferedImage img = ImageIO.read(original.toFile());
        if (img == null) return asIs; // a format ImageIO cannot re-encode: the original it is
        byte[] jpeg = jpeg(shrink(img));
        return jpeg.length < raw.length ? new EmbeddedSource(jpeg, "image/jpeg") : asIs;
    }

    public long size() {
        return bytes == null ? 0 : bytes.length;
    }

    static BufferedImage shrink(BufferedImage img) {
        int w = img.getWidth();
        int h = img.getHeight();
        double s = Math.min(1.0, MAX_SIDE / (double) Math.max(w, h));
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
