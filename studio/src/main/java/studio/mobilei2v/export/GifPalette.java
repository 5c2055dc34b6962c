package studio.mobilei2v.export;

import java.nio.ByteBuffer;

import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameFilter;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameFilter;

/**
 * One palette for the whole clip, from FFmpeg's palettegen over every frame as it arrives
 * ({@code stats_mode=full}: the colour statistics of all frames together). Large frames are
 * counted from a quarter-size copy (every 4th pixel of every 4th row), which costs a sixteenth
 * and picks the same palette on natural pictures. The palette comes out at {@link #finish()}: a
 * 16x16 picture of 256 colours in FFmpeg's RGB32 layout, ready to feed to paletteuse.
 */
final class GifPalette implements AutoCloseable {

    /** Frames with more pixels than this are counted from a quarter-size copy. */
    static final int FULL_SIZE_PIXELS = 320 * 180;

    private final FFmpegFrameFilter filter;
    private boolean ended;

    /** A palette of at most {@code colours} (2..256) for frames of {@code width x height}. */
    GifPalette(int width, int height, int colours) throws FrameFilter.Exception {
        String scale = "";
        if ((long) width * height > FULL_SIZE_PIXELS) {
            scale = "scale=" + Math.max(1, width / 4) + ":" + Math.max(1, height / 4) + ":flags=neighbor,";
        }
        FFmpegFrameFilter f = new FFmpegFrameFilter(scale + "palettegen=max_colors=" + colours
                + ":reserve_transparent=0:stats_mode=full", width, height);
        f.setPixelFormat(avutil.AV_PIX_FMT_RGB24);
        try {
            f.start();
        } catch (FrameFilter.Exception | RuntimeException e) {
            f.release();
            throw e;
        }
        this.filter = f;
    }

    /** Counts the colours of one frame. */
    void add(RgbFrame frame) throws FrameFilter.Exception {
        filter.pushImage(0, frame.width(), frame.height(), Frame.DEPTH_UBYTE, 3, frame.width() * 3,
                avutil.AV_PIX_FMT_RGB24, ByteBuffer.wrap(frame.rgb()));
    }

    /** Ends the statistics and returns the palette (a copy, valid after close). */
    Picture finish() throws FrameFilter.Exception {
        if (ended) {
            throw new IllegalStateException("palette already finished");
        }
        ended = true;
        filter.push(null);
        Frame p = filter.pullImage();
        if (p == null) {
            throw new FrameFilter.Exception("palettegen returned no palette");
        }
        ByteBuffer src = (ByteBuffer) p.image[0];
        byte[] bgra = new byte[p.imageWidth * p.imageHeight * 4];
        for (int y = 0; y < p.imageHeight; y++) {
            src.position(y * p.imageStride);
            src.get(bgra, y * p.imageWidth * 4, p.imageWidth * 4);
        }
        return new Picture(p.imageWidth, p.imageHeight, filter.getPixelFormat(), bgra);
    }

    @Override
    public void close() {
        try {
            filter.release();
        } catch (FrameFilter.Exception ignored) {
            // native memory is freed as far as FFmpeg allows
        }
    }

    /** The palette as a packed 4-byte-per-pixel picture (FFmpeg's RGB32) of {@code pixelFormat}. */
    record Picture(int width, int height, int pixelFormat, byte[] pixels) {

        /** A frame that holds this palette, to push into paletteuse. */
        Frame toFrame() {
            Frame f = new Frame(width, height, Frame.DEPTH_UBYTE, 4, width * 4);
            ByteBuffer b = (ByteBuffer) f.image[0];
            b.clear();
            b.put(pixels).flip();
            return f;
        }
    }
}
