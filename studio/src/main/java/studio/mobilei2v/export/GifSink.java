package studio.mobilei2v.export;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Base64;

/**
 * Animated GIF89a written by us rather than FFmpeg: FFmpeg's GIF muxer cannot write comment
 * extensions, and they are where this format keeps the generation parameters and the source
 * image. Each frame is quantised on arrival (median cut, own palette) and LZW-coded, so frames
 * stream to disk as they come.
 */
final class GifSink extends AbstractFrameSink {

    /** Comment payloads start with "key=" so a reader can tell ours from other comments. */
    static final String KEY_SEPARATOR = "=";

    private final OutputStream out;
    private final MedianCutQuantiser quantiser;
    private final GifLzwEncoder lzw = new GifLzwEncoder();
    private boolean released;

    GifSink(ExportPlan plan, AtomicOutput output) throws ExportException {
        super(plan, output);
        int colours = Math.max(2, Math.min(256, (int) Math.round(256 * plan.options.quality() / 100.0)));
        this.quantiser = new MedianCutQuantiser(colours);
        if (plan.options.fps() > 50) {
            notes.add("GIF frame delays are whole 1/100 s and many players slow delays under 2/100 s: "
                    + plan.options.fps() + " fps may play slower");
        } else if (Math.abs(100.0 / plan.options.fps() - Math.round(100.0 / plan.options.fps())) > 1e-9) {
            notes.add("GIF frame delays are whole 1/100 s: delays alternate to average "
                    + String.format(java.util.Locale.ROOT, "%.4g", plan.options.fps()).replaceAll("\\.?0+$", "") + " fps");
        }
        try {
            this.out = new BufferedOutputStream(Files.newOutputStream(output.temp()), 1 << 16);
            writeHeader();
        } catch (IOException e) {
            release();
            throw new ExportException(plan.target, "cannot write: " + AtomicOutput.reason(e), e);
        }
    }

    private void writeHeader() throws IOException {
        int w = plan.geometry.outputWidth();
        int h = plan.geometry.outputHeight();
        if (w > 65535 || h > 65535) {
            throw new IOException("GIF frames are at most 65535 pixels wide and high, got " + w + "x" + h);
        }
        out.write("GIF89a".getBytes(StandardCharsets.US_ASCII));
        writeShort(w);
        writeShort(h);
        out.write(0); // no global colour table: each frame brings its own palette
        out.write(0); // background colour index
        out.write(0); // pixel aspect ratio: square
        // NETSCAPE2.0 application extension: loop forever, like a video preview should.
        out.write(new byte[] {0x21, (byte) 0xFF, 0x0B});
        out.write("NETSCAPE2.0".getBytes(StandardCharsets.US_ASCII));
        out.write(new byte[] {0x03, 0x01, 0x00, 0x00, 0x00});
        ClipDocument doc = plan.document("gif");
        writeComment(ExportPlan.CLIP_KEY + KEY_SEPARATOR + ClipDocumentJson.write(doc));
        for (int i = 0; i < plan.clips.size(); i++) {
            byte[] src = plan.clips.get(i).sourceImage();
            if (src != null) {
                writeComment(plan.sourceLocation(i) + KEY_SEPARATOR + Base64.getEncoder().encodeToString(src));
            }
        }
    }

    /** A comment extension: 7-bit text in sub-blocks of at most 255 bytes. */
    private void writeComment(String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
        out.write(0x21);
        out.write(0xFE);
        for (int o = 0; o < bytes.length; o += 255) {
            int n = Math.min(255, bytes.length - o);
            out.write(n);
            out.write(bytes, o, n);
        }
        out.write(0);
    }

    @Override
    protected void write(RgbFrame frame, int index) throws ExportException {
        MedianCutQuantiser.Indexed indexed = quantiser.quantise(frame);
        int tableBits = 1;
        while ((1 << tableBits) < indexed.palette().length) {
            tableBits++;
        }
        try {
            // Graphic control extension: disposal "leave in place", no transparency, delay.
            out.write(new byte[] {0x21, (byte) 0xF9, 0x04, 0x04});
            writeShort(delayCentiseconds(index, plan.options.fps()));
            out.write(0);
            out.write(0);
            // Image descriptor with a local colour table of 2^tableBits entries.
            out.write(0x2C);
            writeShort(0);
            writeShort(0);
            writeShort(frame.width());
            writeShort(frame.height());
            out.write(0x80 | (tableBits - 1));
            int[] palette = indexed.palette();
            for (int p = 0; p < (1 << tableBits); p++) {
                int c = p < palette.length ? palette[p] : 0;
                out.write(c >> 16 & 0xFF);
                out.write(c >> 8 & 0xFF);
                out.write(c & 0xFF);
            }
            out.write(lzw.encode(indexed.indices(), Math.max(2, tableBits)));
        } catch (IOException e) {
            throw new ExportException(plan.target, "write failed at frame " + index + ": " + AtomicOutput.reason(e), e);
        }
    }

    /** Delays in whole 1/100 s that add up to the exact running time (e.g. 17 fps: 6,6,6,5,...). */
    static int delayCentiseconds(int index, double fps) {
        long end = Math.round((index + 1) * 100.0 / fps);
        long start = Math.round(index * 100.0 / fps);
        return (int) Math.max(1, end - start);
    }

    private void writeShort(int v) throws IOException {
        out.write(v & 0xFF);
        out.write(v >> 8 & 0xFF);
    }

    @Override
    protected String complete() throws ExportException {
        try {
            out.write(0x3B); // trailer
            out.flush();
            out.close();
            released = true;
        } catch (IOException e) {
            throw new ExportException(plan.target, "could not finish the file: " + AtomicOutput.reason(e), e);
        }
        return "gif";
    }

    @Override
    protected void release() {
        if (!released) {
            released = true;
            try {
                if (out != null) {
                    out.close();
                }
            } catch (IOException ignored) {
                // the temporary file is deleted next
            }
        }
    }
}
