package studio.mobilei2v.export;

import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Base64;

import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameRecorder;

/**
 * MP4 (H.264 via libopenh264) and WebM (VP9 via libvpx-vp9), yuv420p, through JavaCV's
 * FFmpegFrameRecorder. Frames are handed over as packed RGB24 and converted by swscale.
 * Metadata goes into container tags: MP4 needs movflags=use_metadata_tags to keep custom keys;
 * Matroska keeps any tag (upper-cased, which the reader allows for).
 */
final class FfmpegVideoSink extends AbstractFrameSink {

    static final String H264_ENCODER = "libopenh264";
    static final String VP9_ENCODER = "libvpx-vp9";

    private final FFmpegFrameRecorder recorder;
    private final String codec;
    private final Map<String, String> writtenTags;
    private boolean released;

    FfmpegVideoSink(ExportPlan plan, AtomicOutput output) throws ExportException {
        super(plan, output);
        ExportFormat format = plan.options.format();
        this.codec = format == ExportFormat.MP4_H264 ? H264_ENCODER : VP9_ENCODER;
        FfmpegEncoders.require(codec, format, plan.target);
        int w = plan.geometry.outputWidth();
        int h = plan.geometry.outputHeight();
        // "file:" keeps FFmpeg from reading a protocol out of a name such as "a:b.mp4".
        FFmpegFrameRecorder r = new FFmpegFrameRecorder("file:" + output.temp(), w, h, 0);
        r.setVideoCodecName(codec);
        r.setPixelFormat(avutil.AV_PIX_FMT_YUV420P);
        r.setFrameRate(plan.options.fps());
        r.setGopSize(Math.max(1, (int) Math.round(plan.options.fps())));
        // swscale converts RGB with BT.601 limited-range coefficients; say so in the stream.
        r.setVideoOption("colorspace", "smpte170m");
        r.setVideoOption("color_range", "tv");
        // FFmpeg's default is one encoder thread; 0 lets openh264 (slices) and libvpx (rows)
        // use every core, about twice as fast on two cores.
        r.setVideoOption("threads", "0");
        int q = plan.options.quality();
        if (format == ExportFormat.MP4_H264) {
            r.setFormat("mp4");
            r.setOption("movflags", "use_metadata_tags");
            r.setVideoBitrate((int) Math.min(Integer.MAX_VALUE, h264Bitrate(w, h, plan.options.fps(), q)));
            r.setVideoOption("rc_mode", "bitrate");
            r.setVideoOption("allow_skip_frames", "0");
        } else {
            r.setFormat("webm");
            r.setVideoBitrate(0); // constant quality: crf alone decides
            r.setVideoOption("crf", Integer.toString(vp9Crf(q)));
            r.setVideoOption("deadline", "realtime");
            r.setVideoOption("cpu-used", "8");
            r.setVideoOption("row-mt", "1");
        }
        this.writtenTags = tags(plan, codec);
        r.setMetadata(writtenTags);
        try {
            r.start();
        } catch (FrameRecorder.Exception | RuntimeException e) {
            try {
                r.release();
            } catch (FrameRecorder.Exception ignored) {
                // already failing; the temporary file is deleted by the caller
            }
            throw new ExportException(plan.target, "cannot start the " + codec + " encoder: " + e.getMessage(), e);
        }
        this.recorder = r;
    }

    /** H.264 bits per second for quality 1..100: 0.03 .. 0.30 bits per pixel per frame. */
    static long h264Bitrate(int w, int h, double fps, int quality) {
        double bpp = 0.03 + 0.27 * Math.pow(quality / 100.0, 1.5);
        return Math.max(50_000L, Math.round(w * (double) h * fps * bpp));
    }

    /** VP9 constant-quality level for quality 1..100: crf 55 .. 15 (lower is better). */
    static int vp9Crf(int quality) {
        return (int) Math.round(55 - 0.4 * quality);
    }

    static Map<String, String> tags(ExportPlan plan, String codec) {
        Map<String, String> tags = new LinkedHashMap<>();
        ClipDocument doc = plan.document(codec);
        tags.put(ExportPlan.CLIP_KEY, ClipDocumentJson.write(doc));
        for (int i = 0; i < plan.clips.size(); i++) {
            byte[] src = plan.clips.get(i).sourceImage();
            if (src != null) {
                tags.put(plan.sourceLocation(i), Base64.getEncoder().encodeToString(src));
            }
        }
        GenerationParameters g = plan.clips.get(0).generation();
        tags.put("comment", "MobileI2V " + g.model() + " " + g.modelVersion() + ", seed " + g.seed() + ", "
                + g.schedule());
        return tags;
    }

    @Override
    protected void write(RgbFrame frame, int index) throws ExportException {
        try {
            recorder.recordImage(frame.width(), frame.height(), Frame.DEPTH_UBYTE, 3, frame.width() * 3,
                    avutil.AV_PIX_FMT_RGB24, ByteBuffer.wrap(frame.rgb()));
        } catch (FrameRecorder.Exception e) {
            throw new ExportException(plan.target, codec + " failed at frame " + index + ": " + e.getMessage(), e);
        }
    }

    @Override
    protected String complete() throws ExportException {
        try {
            recorder.stop();
        } catch (FrameRecorder.Exception e) {
            throw new ExportException(plan.target, "could not finish the file: " + e.getMessage(), e);
        } finally {
            release();
        }
        WrittenFileCheck.verify(output.temp(), plan.target, plan.totalFrames, writtenTags);
        return codec;
    }

    @Override
    protected void release() {
        if (!released) {
            released = true;
            try {
                recorder.release();
            } catch (FrameRecorder.Exception ignored) {
                // native memory is freed as far as FFmpeg allows; the file is judged by complete()
            }
        }
    }
}
