package studio.mobilei2v.export;

/**
 * Size of an export before it is made, for the export dialog. H.264 runs at a set bitrate, so its
 * estimate is close; VP9 (constant quality), GIF and PNG depend on the picture, so theirs use
 * bytes-per-pixel figures measured on generated clips (docs/EXPORT.md) and are rougher (expect
 * +-50%). The metadata (JSON plus the base64 source image) is added on top.
 */
public final class ExportSizeEstimator {

    /** Container overhead per file and per frame (headers, sample tables, GIF descriptors). */
    private static final long FILE_OVERHEAD = 2_000;
    private static final long FRAME_OVERHEAD = 40;

    private ExportSizeEstimator() {
    }

    /**
     * @param frameWidth     generated frame width (before scale)
     * @param frameHeight    generated frame height
     * @param frames         number of frames
     * @param sourceBytes    bytes of the embedded source image(s), 0 if none
     * @return estimated size on disk in bytes
     */
    public static long estimateBytes(ExportOptions options, int frameWidth, int frameHeight, int frames,
                                     long sourceBytes) {
        FrameGeometry g = FrameGeometry.of(frameWidth, frameHeight, options.scale(), options.format());
        double pixels = (double) g.outputWidth() * g.outputHeight();
        int q = options.quality();
        double media = switch (options.format()) {
            case MP4_H264 -> FfmpegVideoSink.h264Bitrate(g.outputWidth(), g.outputHeight(), options.fps(), q)
                    / 8.0 * frames / options.fps();
            // crf 15..55 roughly halves the size every 6 steps; 0.10 bits per pixel at crf 35.
            case WEBM_VP9 -> pixels * frames * 0.10 * Math.pow(2, (35 - FfmpegVideoSink.vp9Crf(q)) / 6.0) / 8.0;
            // LZW of dithered per-frame palette indices; fewer colours compress better.
            case GIF -> pixels * frames * (0.3 + 0.4 * q / 100.0) + frames * 768.0;
            // Deflate of natural RGB: about 1.6 bytes per pixel on generated frames.
            case PNG_SEQUENCE -> pixels * frames * 1.6;
        };
        long metadata = 1_500 + (options.format() == ExportFormat.PNG_SEQUENCE ? sourceBytes : (sourceBytes * 4 + 2) / 3);
        return Math.round(media) + FILE_OVERHEAD + FRAME_OVERHEAD * frames + metadata;
    }
}
