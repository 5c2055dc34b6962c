package studio.mobilei2v.export;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameFilter;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameFilter;
import org.bytedeco.javacv.FrameRecorder;

/**
 * Encodes a run of frames to a complete little GIF in memory with FFmpeg: paletteuse maps each
 * frame onto the clip's one palette ({@link #PALETTEUSE}), FFmpeg's gif encoder and muxer write it. FFmpeg's GIF encoder is
 * single-threaded, so a clip is cut into runs encoded side by side ({@link #encodeAll}); each
 * run's first frame is a full frame, so the runs can be spliced into one file.
 */
final class GifChunkEncoder {

    /** System property that fixes the number of runs (measurements); default: one per core. */
    static final String CHUNKS_PROPERTY = "mobilei2v.gif.chunks";

    /**
     * Error diffusion (Sierra lite, close to our old Floyd-Steinberg): without dithering one
     * palette for the clip bands visibly on gradients; Bayer leaves a pattern and bands too.
     * Only the rectangle that changed since the previous frame is mapped again.
     */
    static final String PALETTEUSE = "dither=sierra2_4a:diff_mode=rectangle";

    private GifChunkEncoder() {
    }

    /** A run of frames {@code from} (inclusive) to {@code to} (exclusive) and its GIF bytes. */
    record Chunk(int from, int to, byte[] gif) {
    }

    /** How many runs for a clip of {@code frames}: one per core, at least two frames each. */
    static int chunkCount(int frames) {
        String fixed = System.getProperty(CHUNKS_PROPERTY);
        int n = fixed != null ? Integer.parseInt(fixed.trim()) : Runtime.getRuntime().availableProcessors();
        return Math.max(1, Math.min(n, frames / 2));
    }

    /** Encodes all frames of {@code store} in {@code chunks} runs at once; results in frame order. */
    static List<Chunk> encodeAll(FrameStore store, int width, int height, double fps, GifPalette.Picture palette,
            int chunks) throws ExportException, IOException, FrameFilter.Exception, FrameRecorder.Exception {
        int frames = store.size();
        if (chunks <= 1) {
            return List.of(encode(store, 0, frames, width, height, fps, palette));
        }
        ExecutorService pool = Executors.newFixedThreadPool(chunks, r -> {
            Thread t = new Thread(r, "mobilei2v-gif");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<Chunk>> futures = new ArrayList<>();
            for (int c = 0; c < chunks; c++) {
                int from = (int) ((long) frames * c / chunks);
                int to = (int) ((long) frames * (c + 1) / chunks);
                futures.add(pool.submit(() -> encode(store, from, to, width, height, fps, palette)));
            }
            List<Chunk> done = new ArrayList<>();
            for (Future<Chunk> f : futures) {
                done.add(f.get());
            }
            return done;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while encoding", e);
        } catch (ExecutionException e) {
            Throwable t = e.getCause();
            if (t instanceof ExportException ee) {
                throw ee;
            } else if (t instanceof IOException io) {
                throw io;
            } else if (t instanceof FrameFilter.Exception ff) {
                throw ff;
            } else if (t instanceof FrameRecorder.Exception fr) {
                throw fr;
            }
            throw new IllegalStateException(String.valueOf(t.getMessage()), t);
        } finally {
            // Nothing queued may start, and nothing may still read the frames once we return.
            pool.shutdownNow();
            try {
                pool.awaitTermination(1, TimeUnit.MINUTES);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    static Chunk encode(FrameStore store, int from, int to, int width, int height, double fps,
            GifPalette.Picture palette) throws IOException, FrameFilter.Exception, FrameRecorder.Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(width * height * (to - from) / 3 + 4096);
        try (FFmpegFrameFilter filter = new FFmpegFrameFilter("[0:v][1:v]paletteuse=" + PALETTEUSE + "[v]", width, height);
             FFmpegFrameRecorder recorder = new FFmpegFrameRecorder(bytes, width, height, 0)) {
            filter.setVideoInputs(2);
            filter.setPixelFormat(avutil.AV_PIX_FMT_RGB24);
            filter.setFrameRate(fps);
            filter.setVideoFilterArgs(new String[] {null, String.format(Locale.ROOT,
                    "video_size=%dx%d:pix_fmt=%d:time_base=1/100:pixel_aspect=1/1", palette.width(),
                    palette.height(), palette.pixelFormat())});
            filter.start();
            filter.push(1, palette.toFrame(), palette.pixelFormat());
            filter.push(1, null);
            recorder.setFormat("gif");
            recorder.setVideoCodecName("gif");
            recorder.setPixelFormat(avutil.AV_PIX_FMT_PAL8);
            recorder.setFrameRate(fps);
            recorder.start();
            for (int i = from; i < to; i++) {
                ByteBuffer rgb = store.frame(i);
                filter.pushImage(0, width, height, Frame.DEPTH_UBYTE, 3, width * 3, avutil.AV_PIX_FMT_RGB24, rgb);
                drain(filter, recorder);
            }
            filter.push(0, null);
            drain(filter, recorder);
            recorder.stop();
        }
        return new Chunk(from, to, bytes.toByteArray());
    }

    private static void drain(FFmpegFrameFilter filter, FFmpegFrameRecorder recorder)
            throws FrameFilter.Exception, FrameRecorder.Exception {
        Frame out;
        while ((out = filter.pullImage()) != null) {
            recorder.record(out, filter.getPixelFormat());
        }
    }
}
