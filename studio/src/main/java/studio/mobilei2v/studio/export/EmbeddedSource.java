package studio.mobilei2v.studio.export;

import studio.mobilei2v.image.CompactJpeg;

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

    /** Call off the UI thread: decodes and encodes the picture. */
    public static EmbeddedSource of(Path original, SourceEmbedding how) throws IOException {
        if (how == SourceEmbedding.NONE) return new EmbeddedSource(null, null);
        byte[] raw = Files.readAllBytes(original);
        EmbeddedSource asIs = new EmbeddedSource(raw, ExportService.mediaType(original));
        if (how == SourceEmbedding.ORIGINAL) return asIs;
        byte[] jpeg = CompactJpeg.of(original, MAX_SIDE);
        if (jpeg == null) return asIs; // a format ImageIO cannot re-encode: the original it is
        return jpeg.length < raw.length ? new EmbeddedSource(jpeg, "image/jpeg") : asIs;
    }

    public long size() {
        return bytes == null ? 0 : bytes.length;
    }
}
