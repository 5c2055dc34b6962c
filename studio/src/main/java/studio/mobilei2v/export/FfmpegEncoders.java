package studio.mobilei2v.export;

import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avutil;

/**
 * Checks that the FFmpeg build really has an encoder before a recorder is opened. JavaCV's
 * recorder silently falls back to the container's default codec (mpeg4 for .mp4) when a named
 * encoder is missing; a file that says "MP4" but holds MPEG-4 Part 2 is exactly what we refuse.
 */
public final class FfmpegEncoders {

    private static volatile boolean quiet;

    private FfmpegEncoders() {
    }

    /** True if this FFmpeg build has the named encoder (e.g. libopenh264, libvpx-vp9). */
    public static boolean has(String encoderName) {
        quietLogs();
        return avcodec.avcodec_find_encoder_by_name(encoderName) != null;
    }

    static void require(String encoderName, ExportFormat format, java.nio.file.Path target) throws ExportException {
        if (!has(encoderName)) {
            throw new ExportException(target, "this FFmpeg build has no '" + encoderName + "' encoder, needed for "
                    + format.label() + " (refusing to fall back to another codec)");
        }
    }

    /** FFmpeg logs to stderr by default; the command line owns stderr, so keep only errors. */
    static void quietLogs() {
        if (!quiet) {
            quiet = true;
            if (!Boolean.getBoolean("mobilei2v.ffmpeg.verbose")) {
                avutil.av_log_set_level(avutil.AV_LOG_ERROR);
            }
        }
    }
}
