package studio.mobilei2v.export;

import java.nio.file.Path;
import java.util.List;

/**
 * What an exported file says about itself: the metadata document and each clip's embedded
 * source image (null for a clip exported without one), checked against its SHA-256.
 */
public record ExportedClip(Path file, ClipDocument document, List<byte[]> sourceImages) {

    /** Generation parameters of the first (for a single-clip export: the only) clip. */
    public GenerationParameters generation() {
        return document.clips().get(0).generation();
    }

    /** Source image of the first clip, or null. */
    public byte[] sourceImage() {
        return sourceImages.isEmpty() ? null : sourceImages.get(0);
    }
}
