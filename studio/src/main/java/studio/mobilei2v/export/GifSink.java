package studio.mobilei2v.export;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import org.bytedeco.javacv.FrameFilter;
import org.bytedeco.javacv.FrameRecorder;

/**
 * Animated GIF89a through FFmpeg: one palette for the whole clip (palettegen, counted as frames
 * arrive), then the frames mapped onto it and encoded by FFmpeg's gif encoder in runs side by
 * side, one per core ({@link GifChunkEncoder}), and the runs spliced into one file together with
 * our comment extensions, which hold the generation parameters and the source image (FFmpeg's GIF
 * muxer cannot write comments). The frames are kept until the last one arrives ({@link FrameStore}).
 */
final class GifSink extends AbstractFrameSink {

    /** Comment payloads start with "key=" so a reader can tell ours from other comments. */
    static final String KEY_SEPARATOR = "=";

    private final int colours;
    private final FrameStore frames;
    private final GifPalette palette;
    private boolean released;

    GifSink(ExportPlan plan, AtomicOutput output) throws ExportException {
        super(plan, output);
        int w = plan.geometry.outputWidth();
        int h = plan.geometry.outputHeight();
        if (w > 65535 || h > 65535) {
            throw new ExportException(plan.target, "cannot write: GIF frames are at most 65535 pixels wide and high, got "
                    + w + "x" + h);
        }
        this.colours = Math.max(2, Math.min(256, (int) Math.round(256 * plan.options.quality() / 100.0)));
        if (plan.options.fps() > 50) {
            notes.add("GIF frame delays are whole 1/100 s and many players slow delays under 2/100 s: "
                    + plan.options.fps() + " fps may play slower");
        } else if (Math.abs(100.0 / plan.options.fps() - Math.round(100.0 / plan.options.fps())) > 1e-9) {
            notes.add("GIF frame delays are whole 1/100 s: delays alternate to average "
                    + String.format(java.util.Locale.ROOT, "%.4g", plan.options.fps()).replaceAll("\\.?0+$", "") + " fps");
        }
        FfmpegEncoders.quietLogs();
        this.frames = new FrameStore(w, h);
        try {
            this.palette = new GifPalette(w, h, colours);
        } catch (FrameFilter.Exception | RuntimeException e) {
            frames.close();
            throw new ExportException(plan.target, "cannot start FFmpeg's palettegen: " + e.getMessage(), e);
        }
    }

    @Override
    protected void write(RgbFrame frame, int index) throws ExportException {
        try {
            palette.add(frame);
            frames.add(frame);
        } catch (FrameFilter.Exception e) {
            throw new ExportException(plan.target, "palettegen failed at frame " + index + ": " + e.getMessage(), e);
        } catch (IOException e) {
            throw new ExportException(plan.target, "cannot keep frame " + index + " until the palette is known: "
                    + AtomicOutput.reason(e), e);
        }
    }

    /** Delays in whole 1/100 s that add up to the exact running time (e.g. 17 fps: 6,6,6,5,...). */
    static int delayCentiseconds(int index, double fps) {
        long end = Math.round((index + 1) * 100.0 / fps);
        long start = Math.round(index * 100.0 / fps);
        return (int) Math.max(1, end - start);
    }

    @Override
    protected String complete() throws ExportException {
        int w = plan.geometry.outputWidth();
        int h = plan.geometry.outputHeight();
        List<GifChunkEncoder.Chunk> chunks;
        try {
            GifPalette.Picture clipPalette = palette.finish();
            chunks = GifChunkEncoder.encodeAll(frames, w, h, plan.options.fps(), clipPalette,
                    GifChunkEncoder.chunkCount(frames.size()));
        } catch (FrameFilter.Exception | FrameRecorder.Exception e) {
            throw new ExportException(plan.target, "FFmpeg's GIF encoder failed: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new ExportException(plan.target, "GIF encoding failed: " + AtomicOutput.reason(e), e);
        } finally {
            release();
        }
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(output.temp()), 1 << 16)) {
            splice(out, chunks);
        } catch (IOException e) {
            throw new ExportException(plan.target, "could not finish the file: " + AtomicOutput.reason(e), e);
        }
        return "gif";
    }

    private void splice(OutputStream out, List<GifChunkEncoder.Chunk> chunks) throws IOException, ExportException {
        GifSplice splice = new GifSplice(out);
        for (GifChunkEncoder.Chunk c : chunks) {
            String what = "FFmpeg's GIF of frames " + c.from() + ".." + (c.to() - 1);
            GifSplice.Parsed run = GifSplice.parse(c.gif(), what);
            if (run.frames().size() != c.to() - c.from()) {
                throw new ExportException(plan.target, what + " holds " + run.frames().size() + " frames, expected "
                        + (c.to() - c.from()));
            }
            if (c.from() == 0) {
                splice.header(run, plan.geometry.outputWidth(), plan.geometry.outputHeight(), comments());
            }
            splice.frames(c.gif(), run, k -> delayCentiseconds(k, plan.options.fps()));
        }
        splice.trailer();
    }

    private List<String> comments() {
        List<String> comments = new ArrayList<>();
        comments.add(ExportPlan.CLIP_KEY + KEY_SEPARATOR + ClipDocumentJson.write(plan.document("gif")));
        for (int i = 0; i < plan.clips.size(); i++) {
            byte[] src = plan.clips.get(i).sourceImage();
            if (src != null) {
                comments.add(plan.sourceLocation(i) + KEY_SEPARATOR + Base64.getEncoder().encodeToString(src));
            }
        }
        return comments;
    }

    @Override
    protected void release() {
        if (!released) {
            released = true;
            palette.close();
            frames.close();
        }
    }
}
