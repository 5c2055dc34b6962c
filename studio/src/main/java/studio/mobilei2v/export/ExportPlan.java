package studio.mobilei2v.export;

import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Everything decided before the first frame arrives: target, options, the size in the file, and
 * the metadata document with where each clip's source image goes. Headers of some containers
 * (WebM) are written first, so the metadata must be complete up front.
 */
final class ExportPlan {

    /** Tag (MP4/WebM) and comment (GIF) key of the JSON document. */
    static final String CLIP_KEY = "mobilei2v_clip";
    /** Tag prefix of each clip's embedded source image, base64: mobilei2v_source_0, _1, ... */
    static final String SOURCE_KEY_PREFIX = "mobilei2v_source_";

    final Path target;
    final ExportOptions options;
    final FrameGeometry geometry;
    final List<ClipDescription> clips;
    final int totalFrames;

    ExportPlan(Path target, ExportOptions options, List<ClipDescription> clips) {
        if (clips.isEmpty()) {
            throw new IllegalArgumentException("nothing to export: no clips");
        }
        this.target = target;
        this.options = options;
        this.clips = List.copyOf(clips);
        ClipDescription first = clips.get(0);
        // A timeline of clips of different sizes is written at the first clip's size (letterboxed).
        this.geometry = FrameGeometry.of(first.width(), first.height(), options.scale(), options.format());
        this.totalFrames = clips.stream().mapToInt(ClipDescription::frames).sum();
    }

    List<String> notes() {
        List<String> notes = new ArrayList<>(geometry.notes(options.format()));
        ClipDescription first = clips.get(0);
        for (int i = 1; i < clips.size(); i++) {
            ClipDescription c = clips.get(i);
            if (c.width() != first.width() || c.height() != first.height()) {
                notes.add("clip " + (i + 1) + " is " + c.width() + "x" + c.height() + ": letterboxed into "
                        + first.width() + "x" + first.height());
            }
        }
        return notes;
    }

    /** Where source image i lives: a tag name, or a file name beside PNG frames. */
    String sourceLocation(int i) {
        if (options.format() == ExportFormat.PNG_SEQUENCE) {
            String type = clips.get(i).sourceMediaType();
            String ext = type != null && type.endsWith("jpeg") ? "jpg" : "png";
            return "source-" + i + "." + ext;
        }
        return SOURCE_KEY_PREFIX + i;
    }

    ClipDocument document(String codec) {
        List<ClipDocument.Clip> entries = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < clips.size(); i++) {
            ClipDescription c = clips.get(i);
            ClipDocument.Source source = c.sourceImage() == null ? null
                    : new ClipDocument.Source(c.sourceMediaType(), sourceLocation(i), c.sourceImage().length,
                    sha256(c.sourceImage()));
            entries.add(new ClipDocument.Clip(start, c.frames(), c.width(), c.height(), c.fps(), c.generation(), source));
            start += c.frames();
        }
        ExportFormat f = options.format();
        ClipDocument.Video video = new ClipDocument.Video(
                f == ExportFormat.PNG_SEQUENCE ? "png-sequence" : f.extension(), codec,
                geometry.outputWidth(), geometry.outputHeight(), geometry.scaledWidth(), geometry.scaledHeight(),
                geometry.padRight(), geometry.padBottom(), options.scale(), options.fps(), totalFrames, options.quality());
        return new ClipDocument(ClipDocument.FORMAT, "MobileI2V Studio",
                Instant.now().truncatedTo(ChronoUnit.SECONDS).toString(), video, entries);
    }

    static String sha256(byte[] bytes) {
        return studio.mobilei2v.inference.Hex.sha256(bytes);
    }
}
