package studio.mobilei2v.export;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** The four export formats. The output path's extension picks one (a folder means PNG frames). */
public enum ExportFormat {
    /** H.264 (libopenh264, the encoder in the LGPL FFmpeg build) in MP4, yuv420p. */
    MP4_H264("mp4", "MP4 (H.264)"),
    /** VP9 (libvpx-vp9) in WebM, yuv420p. */
    WEBM_VP9("webm", "WebM (VP9)"),
    /** Animated GIF, one palette per frame from our own quantiser, dithered. */
    GIF("gif", "GIF"),
    /** A folder of 000.png, 001.png, ... with clip.json and the source image beside them. */
    PNG_SEQUENCE("", "PNG sequence");

    private final String extension;
    private final String label;

    ExportFormat(String extension, String label) {
        this.extension = extension;
        this.label = label;
    }

    /** File extension without the dot; empty for the PNG folder. */
    public String extension() {
        return extension;
    }

    public String label() {
        return label;
    }

    /** True for the formats whose frames are yuv420p and so need even width and height. */
    public boolean needsEvenSize() {
        return this == MP4_H264 || this == WEBM_VP9;
    }

    /**
     * The format an output path asks for: .mp4, .webm, .gif; an existing folder, a path ending in
     * a separator, or a name without any extension means a PNG sequence folder.
     *
     * @throws IllegalArgumentException naming the path and the extensions understood
     */
    public static ExportFormat fromPath(Path out) {
        String raw = out.toString();
        if (raw.endsWith("/") || raw.endsWith(java.io.File.separator) || Files.isDirectory(out)) {
            return PNG_SEQUENCE;
        }
        String name = out.getFileName() == null ? raw : out.getFileName().toString();
        int dot = name.lastIndexOf('.');
        if (dot <= 0) {
            return PNG_SEQUENCE;
        }
        String ext = name.substring(dot + 1).toLowerCase(Locale.ROOT);
        for (ExportFormat f : values()) {
            if (!f.extension.isEmpty() && f.extension.equals(ext)) {
                return f;
            }
        }
        throw new IllegalArgumentException("unknown output extension '." + ext
                + "' (use .mp4, .webm, .gif, or a folder name for PNG frames)");
    }
}
