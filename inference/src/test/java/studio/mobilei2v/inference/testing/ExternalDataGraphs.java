package studio.mobilei2v.inference.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Test helper: rewrites an inline ONNX graph file so that its initializers' raw_data of at least
 * {@code minBytes} live in {@code <graph>.data} beside it (page-aligned), as
 * model/mobilei2v/external_data.py does, by re-encoding the protobuf's wire format
 * (ModelProto.graph = 7, GraphProto.initializer = 5, TensorProto.raw_data = 9,
 * external_data = 13, data_location = 14). Lets the Java tests build external-data bundles from
 * the nano bundle without Python.
 */
public final class ExternalDataGraphs {
    private static final int PAGE = 4096;

    private ExternalDataGraphs() {
    }

    /** Rewrites {@code graph} in place; returns the data file written beside it. */
    public static Path externalize(Path graph, int minBytes) throws IOException {
        byte[] in = Files.readAllBytes(graph);
        Path dataFile = graph.resolveSibling(graph.getFileName() + ".data");
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        String location = dataFile.getFileName().toString();
        int[] pos = {0};
        while (pos[0] < in.length) {
            long key = varint(in, pos);
            byte[] field = field(in, pos, key);
            if (key == (7 << 3 | 2)) {
                field = graph(field, data, location, minBytes);
            }
            write(out, key, field);
        }
        Files.write(dataFile, data.toByteArray());
        Files.write(graph, out.toByteArray());
        return dataFile;
    }

    private static byte[] graph(byte[] in, ByteArrayOutputStream data, String location, int minBytes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int[] pos = {0};
        while (pos[0] < in.length) {
            long key = varint(in, pos);
            byte[] field = field(in, pos, key);
            write(out, key, key == (5 << 3 | 2) ? tensor(field, data, location, minBytes) : field);
        }
        return out.toByteArray();
    }

    private static byte[] tensor(byte[] in, ByteArrayOutputStream data, String location, int minBytes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int[] pos = {0};
        byte[] raw = null;
        while (pos[0] < in.length) {
            long key = varint(in, pos);
            byte[] field = field(in, pos, key);
            if (key == (9 << 3 | 2) && field.length >= minBytes) {
                raw = field;
            } else {
                write(out, key, field);
            }
        }
        if (raw != null) {
            while (data.size() % PAGE != 0) {
                data.write(0);
            }
            long offset = data.size();
            data.write(raw, 0, raw.length);
            entry(out, "location", location);
            entry(out, "offset", Long.toString(offset));
            entry(out, "length", Integer.toString(raw.length));
            writeVarint(out, 14 << 3);
            writeVarint(out, 1);
        }
        return out.toByteArray();
    }

    private static void entry(ByteArrayOutputStream out, String key, String value) {
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        write(e, 1 << 3 | 2, key.getBytes(StandardCharsets.UTF_8));
        write(e, 2 << 3 | 2, value.getBytes(StandardCharsets.UTF_8));
        write(out, 13 << 3 | 2, e.toByteArray());
    }

    /** The field's payload as it is encoded after its key (a LEN field without its length prefix). */
    private static byte[] field(byte[] in, int[] pos, long key) {
        int start = pos[0];
        switch ((int) (key & 7)) {
            case 0 -> varint(in, pos);
            case 1 -> pos[0] += 8;
            case 5 -> pos[0] += 4;
            case 2 -> {
                int n = (int) varint(in, pos);
                start = pos[0];
                pos[0] += n;
            }
            default -> throw new IllegalArgumentException("wire type " + (key & 7));
        }
        byte[] b = new byte[pos[0] - start];
        System.arraycopy(in, start, b, 0, b.length);
        return b;
    }

    private static void write(ByteArrayOutputStream out, long key, byte[] payload) {
        writeVarint(out, key);
        if ((key & 7) == 2) {
            writeVarint(out, payload.length);
        }
        out.write(payload, 0, payload.length);
    }

    private static long varint(byte[] in, int[] pos) {
        long v = 0;
        for (int shift = 0; ; shift += 7) {
            int b = in[pos[0]++] & 0xff;
            v |= (long) (b & 0x7f) << shift;
            if (b < 0x80) {
                return v;
            }
        }
    }

    private static void writeVarint(ByteArrayOutputStream out, long v) {
        while ((v & ~0x7fL) != 0) {
            out.write((int) (v & 0x7f) | 0x80);
            v >>>= 7;
        }
        out.write((int) v);
    }
}
