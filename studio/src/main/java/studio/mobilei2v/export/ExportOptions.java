package studio.mobilei2v.export;

/**
 * What the user picks in the export dialog (or on the command line).
 *
 * @param format  container and codec
 * @param fps     frames per second written into the file (the model's own fps by default)
 * @param quality 1 (smallest) .. 100 (best); each format maps it to its own knob, see docs/EXPORT.md
 * @param scale   output size relative to the frames (1.0 = as generated); never changes aspect ratio
 */
public record ExportOptions(ExportFormat format, double fps, int quality, double scale) {

    public static final int DEFAULT_QUALITY = 75;

    public ExportOptions {
        if (format == null) {
            throw new IllegalArgumentException("format is required");
        }
        if (!(fps >= 1 && fps <= 120)) {
            throw new IllegalArgumentException("fps must be between 1 and 120, got " + fps);
        }
        if (quality < 1 || quality > 100) {
            throw new IllegalArgumentException("quality must be between 1 and 100, got " + quality);
        }
        if (!(scale >= 0.05 && scale <= 8)) {
            throw new IllegalArgumentException("scale must be between 0.05 and 8, got " + scale);
        }
    }

    public static ExportOptions of(ExportFormat format, double fps) {
        return new ExportOptions(format, fps, DEFAULT_QUALITY, 1.0);
    }

    public ExportOptions withQuality(int q) {
        return new ExportOptions(format, fps, q, scale);
    }

    public ExportOptions withScale(double s) {
        return new ExportOptions(format, fps, quality, s);
    }

    public ExportOptions withFps(double f) {
        return new ExportOptions(format, f, quality, scale);
    }
}
