package studio.mobilei2v.export;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.IntUnaryOperator;

/**
 * Joins GIFs written separately (runs of one clip, see {@link GifChunkEncoder}) into one GIF89a,
 * by walking their blocks: no pixel is decoded or re-encoded. The result has the first run's
 * screen descriptor and global colour table, our NETSCAPE2.0 loop and comment extensions, then
 * every run's frames (graphic control extension with the delay set here, image descriptor, local
 * table, image data) and the trailer. A run whose global table differs from the first one's gives
 * each of its frames that table as a local one, so every frame keeps its own colours.
 */
final class GifSplice {

    private final OutputStream out;
    private byte[] globalTable;
    private boolean headerWritten;
    private int frames;

    GifSplice(OutputStream out) {
        this.out = out;
    }

    /** One parsed GIF: its screen descriptor, global colour table (or null) and frames. */
    record Parsed(byte[] screen, byte[] globalTable, List<FrameBlocks> frames) {
    }

    /** A frame as byte ranges of its file: control extension (or null) and descriptor..data end. */
    record FrameBlocks(byte[] control, int descriptor, int end, boolean localTable) {
    }

    /** Walks a GIF's blocks; {@code what} names it in errors. */
    static Parsed parse(byte[] gif, String what) throws IOException {
        if (gif.length < 13 || !new String(gif, 0, 6, StandardCharsets.US_ASCII).startsWith("GIF8")) {
            throw new IOException(what + " is not a GIF");
        }
        int p = 6;
        byte[] screen = Arrays.copyOfRange(gif, p, p + 7);
        p += 7;
        byte[] table = null;
        if ((screen[4] & 0x80) != 0) {
            int n = 3 << ((screen[4] & 0x07) + 1);
            table = Arrays.copyOfRange(gif, p, need(gif, p + n, what));
            p += n;
        }
        List<FrameBlocks> frames = new ArrayList<>();
        byte[] control = null;
        while (true) {
            int b = gif[need(gif, p + 1, what) - 1] & 0xFF;
            if (b == 0x3B) {
                return new Parsed(screen, table, frames);
            } else if (b == 0x21) {
                int label = gif[need(gif, p + 2, what) - 1] & 0xFF;
                int end = subBlocksEnd(gif, p + 2, what);
                if (label == 0xF9) {
                    if (end - p != 8) {
                        throw new IOException(what + ": graphic control extension of " + (end - p) + " bytes");
                    }
                    control = Arrays.copyOfRange(gif, p, end);
                }
                p = end; // application and comment extensions of a run are dropped
            } else if (b == 0x2C) {
                int packed = gif[need(gif, p + 10, what) - 1] & 0xFF;
                int data = p + 10 + ((packed & 0x80) != 0 ? 3 << ((packed & 0x07) + 1) : 0);
                int end = subBlocksEnd(gif, need(gif, data + 1, what), what);
                frames.add(new FrameBlocks(control, p, end, (packed & 0x80) != 0));
                control = null;
                p = end;
            } else {
                throw new IOException(what + ": GIF block 0x" + Integer.toHexString(b) + " at byte " + p);
            }
        }
    }

    private static int need(byte[] gif, int end, String what) throws IOException {
        if (end > gif.length) {
            throw new IOException(what + " ends early");
        }
        return end;
    }

    /** The offset after a chain of data sub-blocks starting at {@code p} (ends with a 0 length). */
    private static int subBlocksEnd(byte[] gif, int p, String what) throws IOException {
        while (true) {
            int n = gif[need(gif, p + 1, what) - 1] & 0xFF;
            p += 1 + n;
            if (n == 0) {
                return p;
            }
        }
    }

    /** Header, screen descriptor and global table of {@code first}, loop forever, our comments. */
    void header(Parsed first, int width, int height, List<String> comments) throws IOException {
        out.write("GIF89a".getBytes(StandardCharsets.US_ASCII));
        byte[] screen = first.screen().clone();
        screen[0] = (byte) width;
        screen[1] = (byte) (width >> 8);
        screen[2] = (byte) height;
        screen[3] = (byte) (height >> 8);
        out.write(screen);
        globalTable = first.globalTable();
        if (globalTable != null) {
            out.write(globalTable);
        }
        // NETSCAPE2.0 application extension: loop forever, like a video preview should.
        out.write(new byte[] {0x21, (byte) 0xFF, 0x0B});
        out.write("NETSCAPE2.0".getBytes(StandardCharsets.US_ASCII));
        out.write(new byte[] {0x03, 0x01, 0x00, 0x00, 0x00});
        for (String c : comments) {
            comment(c);
        }
        headerWritten = true;
    }

    /** A comment extension: 7-bit text in sub-blocks of at most 255 bytes. */
    private void comment(String text) throws IOException {
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

    /** Appends every frame of {@code run}; frame k of the file gets {@code delay(k)} 1/100 s. */
    void frames(byte[] gif, Parsed run, IntUnaryOperator delay) throws IOException {
        if (!headerWritten) {
            throw new IllegalStateException("header first");
        }
        boolean ownTable = run.globalTable() != null && !Arrays.equals(run.globalTable(), globalTable);
        for (FrameBlocks f : run.frames()) {
            byte[] control = f.control() != null ? f.control().clone()
                    // none written: "leave in place", no transparency
                    : new byte[] {0x21, (byte) 0xF9, 0x04, 0x04, 0, 0, 0, 0};
            int d = delay.applyAsInt(frames);
            control[4] = (byte) d;
            control[5] = (byte) (d >> 8);
            out.write(control);
            if (ownTable && !f.localTable()) {
                // This run's colours differ from the file's global table: bring them along.
                byte[] descriptor = Arrays.copyOfRange(gif, f.descriptor(), f.descriptor() + 10);
                int bits = Integer.numberOfTrailingZeros(run.globalTable().length / 3) - 1;
                descriptor[9] = (byte) (descriptor[9] & 0x40 | 0x80 | bits);
                out.write(descriptor);
                out.write(run.globalTable());
                out.write(gif, f.descriptor() + 10, f.end() - f.descriptor() - 10);
            } else {
                out.write(gif, f.descriptor(), f.end() - f.descriptor());
            }
            frames++;
        }
    }

    /** Frames written so far. */
    int frames() {
        return frames;
    }

    void trailer() throws IOException {
        out.write(0x3B);
    }
}
