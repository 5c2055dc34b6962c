package studio.mobilei2v.export;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVDictionaryEntry;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avformat;
import org.bytedeco.ffmpeg.global.avutil;

/**
 * Re-opens a file FFmpeg just wrote and counts its video packets. JavaCV's recorder does not
 * report every I/O error (a full disk can go unnoticed until the trailer is lost), so before a
 * file is renamed into place we check that it demuxes, holds every frame and carries our tag.
 * Demuxing only, no decoding: a few milliseconds for a clip.
 */
final class WrittenFileCheck {

    private WrittenFileCheck() {
    }

    /**
     * @param tags every tag written; each must come back whole (a truncated trailer can keep the
     *             sample table yet cut the last tag short)
     */
    static void verify(Path file, Path target, int expectedFrames, java.util.Map<String, String> tags)
            throws ExportException {
        AVFormatContext ctx = new AVFormatContext(null);
        int err = avformat.avformat_open_input(ctx, "file:" + file, null, null);
        if (err < 0) {
            throw incomplete(file, target, "cannot be re-opened (" + describe(err) + ")");
        }
        try {
            err = avformat.avformat_find_stream_info(ctx, (AVDictionary) null);
            if (err < 0) {
                throw incomplete(file, target, "has no readable streams (" + describe(err) + ")");
            }
            for (java.util.Map.Entry<String, String> e : tags.entrySet()) {
                // av_dict_get ignores case by default: Matroska upper-cases tag names.
                AVDictionaryEntry tag = avutil.av_dict_get(ctx.metadata(), e.getKey(), null, 0);
                if (tag == null || !e.getValue().equals(tag.value().getString(java.nio.charset.StandardCharsets.UTF_8))) {
                    throw incomplete(file, target, (tag == null ? "lost" : "has a damaged copy of")
                            + " its metadata tag '" + e.getKey() + "'");
                }
            }
            int video = avformat.av_find_best_stream(ctx, avutil.AVMEDIA_TYPE_VIDEO, -1, -1,
                    (org.bytedeco.ffmpeg.avcodec.AVCodec) null, 0);
            if (video < 0) {
                throw incomplete(file, target, "has no video stream");
            }
            int packets = 0;
            AVPacket pkt = avcodec.av_packet_alloc();
            try {
                while (avformat.av_read_frame(ctx, pkt) >= 0) {
                    if (pkt.stream_index() == video) {
                        packets++;
                    }
                    avcodec.av_packet_unref(pkt);
                }
            } finally {
                avcodec.av_packet_free(pkt);
            }
            if (packets != expectedFrames) {
                throw incomplete(file, target, "holds " + packets + " of " + expectedFrames + " frames");
            }
        } finally {
            avformat.avformat_close_input(ctx);
        }
    }

    private static ExportException incomplete(Path file, Path target, String what) {
        String hint = "";
        try {
            long free = Files.getFileStore(file.getParent()).getUsableSpace();
            if (free < 4L * 1024 * 1024) {
                hint = ": the disk is full (" + free / 1024 + " KiB free)";
            }
        } catch (IOException ignored) {
            // no hint then
        }
        return new ExportException(target, "the written file " + what + hint + "; nothing kept");
    }

    private static String describe(int err) {
        byte[] buf = new byte[256];
        avutil.av_strerror(err, buf, buf.length);
        int n = 0;
        while (n < buf.length && buf[n] != 0) {
            n++;
        }
        return new String(buf, 0, n, java.nio.charset.StandardCharsets.UTF_8);
    }
}
