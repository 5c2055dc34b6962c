package studio.mobilei2v.export;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Keeps a clip's frames until all have arrived (a GIF's one palette needs every frame before the
 * first is written). Frames stay in memory up to a budget, a quarter of the JVM's heap by default;
 * past it they go to a temporary file in the system's temporary folder (never beside the export:
 * the target's folder holds only the export's own temporary file), deleted on {@link #close()}.
 * Reading is safe from several threads at once.
 */
final class FrameStore implements AutoCloseable {

    private final int width;
    private final int height;
    private final int frameBytes;
    private final long memoryBudget;
    private final List<byte[]> inMemory = new ArrayList<>();
    private Path spillFile;
    private FileChannel spill;
    private int spilled;

    FrameStore(int width, int height) {
        this(width, height, Runtime.getRuntime().maxMemory() / 4);
    }

    /** As the default, with {@code memoryBudget} bytes in memory at most (0: everything to disk). */
    FrameStore(int width, int height, long memoryBudget) {
        this.width = width;
        this.height = height;
        this.frameBytes = width * height * 3;
        this.memoryBudget = memoryBudget;
    }

    /** Keeps one frame (its array is taken over, not copied, while it fits in memory). */
    void add(RgbFrame frame) throws IOException {
        if (frame.width() != width || frame.height() != height) {
            throw new IllegalArgumentException("frame of " + frame.width() + "x" + frame.height() + " in a clip of "
                    + width + "x" + height);
        }
        if (spill == null && (long) (inMemory.size() + 1) * frameBytes <= memoryBudget) {
            inMemory.add(frame.rgb());
            return;
        }
        if (spill == null) {
            spillFile = Files.createTempFile("mobilei2v-gif-frames-", ".rgb");
            spill = FileChannel.open(spillFile, StandardOpenOption.READ, StandardOpenOption.WRITE);
        }
        ByteBuffer b = ByteBuffer.wrap(frame.rgb());
        long at = (long) spilled * frameBytes;
        while (b.hasRemaining()) {
            at += spill.write(b, at);
        }
        spilled++;
    }

    int size() {
        return inMemory.size() + spilled;
    }

    /** True if some frames went to the temporary file. */
    boolean spilled() {
        return spilled > 0;
    }

    /** Frame {@code i} as packed RGB: the kept array, or a fresh buffer read from the file. */
    ByteBuffer frame(int i) throws IOException {
        if (i < inMemory.size()) {
            return ByteBuffer.wrap(inMemory.get(i));
        }
        int k = i - inMemory.size();
        if (k >= spilled) {
            throw new IndexOutOfBoundsException("frame " + i + " of " + size());
        }
        ByteBuffer b = ByteBuffer.allocateDirect(frameBytes);
        long at = (long) k * frameBytes;
        while (b.hasRemaining()) {
            int n = spill.read(b, at + b.position());
            if (n < 0) {
                throw new IOException("temporary frame file " + spillFile + " ends early");
            }
        }
        return b.flip();
    }

    @Override
    public void close() {
        inMemory.clear();
        try {
            if (spill != null) {
                spill.close();
            }
        } catch (IOException ignored) {
            // the file is deleted next
        }
        try {
            if (spillFile != null) {
                Files.deleteIfExists(spillFile);
            }
        } catch (IOException ignored) {
            // best effort: it lies in the system's temporary folder
        }
        spill = null;
        spillFile = null;
    }
}
