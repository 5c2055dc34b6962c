package studio.mobilei2v.inference.bundle;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * The external data an ONNX graph file names: for each initializer of the main graph stored outside
 * the protobuf (TensorProto.data_location = EXTERNAL), its file (relative to the graph's folder),
 * offset and length. Read by walking the protobuf's wire format and seeking past everything else
 * (raw tensor data included), so an inline 1 GB graph costs a few thousand small reads, not 1 GB.
 *
 * <p>Field numbers from onnx.proto: ModelProto.graph = 7; GraphProto.initializer = 5;
 * TensorProto.external_data = 13 (StringStringEntryProto: key = 1, value = 2),
 * TensorProto.data_location = 14 (EXTERNAL = 1).
 *
 * <p>Why not protobuf-java's CodedInputStream: it is not on this module's classpath (only ddmlib brings it,
 * to device-bridge), and the phone runner's dex carries this module with Jackson only
 * (bridge.build.RunnerDexBuilder), so a new dependency here would also have to go to the phone, untested there.
 */
final class OnnxExternalData {
    /** One external initializer: where its bytes are. {@code length} is -1 when the graph omits it. */
    record Extent(String tensor, String location, long offset, long length) {
    }

    private static final int MODEL_GRAPH = 7;
    private static final int GRAPH_INITIALIZER = 5;
    private static final int TENSOR_NAME = 8;
    private static final int TENSOR_EXTERNAL_DATA = 13;
    private static final int TENSOR_DATA_LOCATION = 14;
    private static final int EXTERNAL = 1;
    private static final int VARINT = 0;
    private static final int I64 = 1;
    private static final int LEN = 2;
    private static final int I32 = 5;

    private final FileChannel channel;
    private final ByteBuffer buf = ByteBuffer.allocate(1 << 16);
    private long bufStart; // file position of buf's first byte

    private OnnxExternalData(FileChannel channel) {
        this.channel = channel;
        buf.limit(0);
    }

    /** The external initializers of the graph file {@code graph}, in file order; empty for an inline graph. */
    static List<Extent> read(Path graph) throws IOException {
        try (FileChannel ch = FileChannel.open(graph, StandardOpenOption.READ)) {
            OnnxExternalData r = new OnnxExternalData(ch);
            List<Extent> out = new ArrayList<>();
            long end = ch.size();
            while (r.position() < end) {
                long key = r.varint();
                if ((int) (key >>> 3) == MODEL_GRAPH && (key & 7) == LEN) {
                    long n = r.length(end);
                    long graphEnd = r.position() + n;
                    r.graph(graphEnd, out);
                    r.seek(graphEnd);
                } else {
                    r.skip(key, end);
                }
            }
            return out;
        }
    }

    private void graph(long end, List<Extent> out) throws IOException {
        while (position() < end) {
            long key = varint();
            if ((int) (key >>> 3) == GRAPH_INITIALIZER && (key & 7) == LEN) {
                long n = length(end);
                long tensorEnd = position() + n;
                Extent e = tensor(tensorEnd);
                if (e != null) {
                    out.add(e);
                }
                seek(tensorEnd);
            } else {
                skip(key, end);
            }
        }
    }

    private Extent tensor(long end) throws IOException {
        String name = "";
        String location = null;
        long offset = 0;
        long length = -1;
        boolean external = false;
        while (position() < end) {
            long key = varint();
            int field = (int) (key >>> 3);
            if (field == TENSOR_NAME && (key & 7) == LEN) {
                name = string(length(end));
            } else if (field == TENSOR_DATA_LOCATION && (key & 7) == VARINT) {
                external = varint() == EXTERNAL;
            } else if (field == TENSOR_EXTERNAL_DATA && (key & 7) == LEN) {
                long n = length(end);
                long entryEnd = position() + n;
                String k = null;
                String v = null;
                while (position() < entryEnd) {
                    long ek = varint();
                    if ((ek & 7) == LEN && (ek >>> 3) == 1) {
                        k = string(length(entryEnd));
                    } else if ((ek & 7) == LEN && (ek >>> 3) == 2) {
                        v = string(length(entryEnd));
                    } else {
                        skip(ek, entryEnd);
                    }
                }
                if ("location".equals(k)) {
                    location = v;
                } else if ("offset".equals(k)) {
                    offset = number(v, name, k);
                } else if ("length".equals(k)) {
                    length = number(v, name, k);
                }
            } else {
                skip(key, end);
            }
        }
        if (!external) {
            return null;
        }
        if (location == null || location.isEmpty()) {
            throw new IOException("initializer '" + name + "' is external but names no location");
        }
        return new Extent(name, location, offset, length);
    }

    private static long number(String v, String tensor, String key) throws IOException {
        try {
            return Long.parseLong(v == null ? "" : v.trim());
        } catch (NumberFormatException e) {
            throw new IOException("initializer '" + tensor + "' has external_data " + key + " '" + v + "', not a number");
        }
    }

    private long position() {
        return bufStart + buf.position();
    }

    private void seek(long pos) throws IOException {
        if (pos >= bufStart && pos <= bufStart + buf.limit()) {
            buf.position((int) (pos - bufStart));
        } else {
            bufStart = pos;
            buf.limit(0);
            channel.position(pos);
        }
    }

    private int next() throws IOException {
        if (!buf.hasRemaining()) {
            bufStart += buf.limit();
            buf.clear();
            channel.position(bufStart);
            int n = channel.read(buf);
            buf.flip();
            if (n <= 0) {
                throw new EOFException("the protobuf ends inside a field");
            }
        }
        return buf.get() & 0xff;
    }

    private long varint() throws IOException {
        long v = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            int b = next();
            v |= (long) (b & 0x7f) << shift;
            if (b < 0x80) {
                return v;
            }
        }
        throw new IOException("a protobuf varint is longer than 10 bytes");
    }

    /** A length prefix, checked against the end of the enclosing message. */
    private long length(long end) throws IOException {
        long n = varint();
        if (n < 0 || position() + n > end) {
            throw new IOException("a protobuf field of " + n + " bytes at byte " + position()
                    + " runs past its message (not an ONNX graph, or a truncated one)");
        }
        return n;
    }

    private String string(long n) throws IOException {
        if (n > 1 << 20) {
            throw new IOException("a protobuf string of " + n + " bytes in a tensor's name or external_data");
        }
        byte[] b = new byte[(int) n];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) next();
        }
        return new String(b, StandardCharsets.UTF_8);
    }

    private void skip(long key, long end) throws IOException {
        switch ((int) (key & 7)) {
            case VARINT -> varint();
            case I64 -> seekWithin(position() + 8, end);
            case LEN -> {
                long n = length(end);
                seek(position() + n);
            }
            case I32 -> seekWithin(position() + 4, end);
            default -> throw new IOException("protobuf wire type " + (key & 7) + " at byte " + position()
                    + " (not an ONNX graph)");
        }
    }

    private void seekWithin(long pos, long end) throws IOException {
        if (pos > end) {
            throw new EOFException("the protobuf ends inside a field");
        }
        seek(pos);
    }
}
