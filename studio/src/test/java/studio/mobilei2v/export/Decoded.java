package studio.mobilei2v.export;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.bytedeco.ffmpeg.avcodec.AVCodecParameters;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.global.avformat;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;

/** A file decoded back with FFmpeg: what a player would see. */
record Decoded(String codec, int width, int height, int pixelFormat, double frameRate, List<RgbFrame> frames) {

    static Decoded of(Path file) throws Exception {
        try (FFmpegFrameGrabber g = new FFmpegFrameGrabber(file.toFile())) {
            g.start();
            String codec = g.getVideoCodecName();
            int w = g.getImageWidth();
            int h = g.getImageHeight();
            int pf = streamPixelFormat(file);
            double fps = g.getVideoFrameRate();
            // Ask the grabber for packed RGB so frames compare with what went in.
            g.stop();
            g.setPixelFormat(avutil.AV_PIX_FMT_RGB24);
            g.start();
            List<RgbFrame> frames = new ArrayList<>();
            Frame f;
            while ((f = g.grabImage()) != null) {
                ByteBuffer buf = (ByteBuffer) f.image[0];
                byte[] rgb = new byte[f.imageWidth * f.imageHeight * 3];
                int stride = f.imageStride;
                for (int y = 0; y < f.imageHeight; y++) {
                    buf.position(y * stride);
                    buf.get(rgb, y * f.imageWidth * 3, f.imageWidth * 3);
                }
                frames.add(new RgbFrame(f.imageWidth, f.imageHeight, rgb));
            }
            g.stop();
            return new Decoded(codec, w, h, pf, fps, frames);
        }
    }

    /** The pixel format stored in the file's video stream (the grabber only reports its output format). */
    static int streamPixelFormat(Path file) {
        AVFormatContext ctx = new AVFormatContext(null);
        if (avformat.avformat_open_input(ctx, file.toString(), null, null) < 0) {
            throw new IllegalStateException("cannot open " + file);
        }
        try {
            avformat.avformat_find_stream_info(ctx, (org.bytedeco.ffmpeg.avutil.AVDictionary) null);
            for (int i = 0; i < ctx.nb_streams(); i++) {
                AVCodecParameters par = ctx.streams(i).codecpar();
                if (par.codec_type() == avutil.AVMEDIA_TYPE_VIDEO) {
                    return par.format();
                }
            }
            throw new IllegalStateException("no video stream in " + file);
        } finally {
            avformat.avformat_close_input(ctx);
        }
    }

    /** The top-left w x h of a frame (drops export padding). */
    static RgbFrame crop(RgbFrame f, int w, int h) {
        byte[] out = new byte[w * h * 3];
        for (int y = 0; y < h; y++) {
            System.arraycopy(f.rgb(), y * f.width() * 3, out, y * w * 3, w * 3);
        }
        return new RgbFrame(w, h, out);
    }
}
