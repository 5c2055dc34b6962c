package studio.mobilei2v.cli;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;

/**
 * What this machine's arithmetic allows through ONNX Runtime: one large fp32 MatMul (by default
 * the full-size denoiser's 2760 x 1152 x 4608), run in this process with the same thread count
 * as the pipeline. The graph is a single-node ONNX model written here byte by byte (protobuf
 * wire format), so the probe needs no file and no Python.
 */
final class MatMulProbe {

    record Result(int m, int k, int n, int threads, double medianMs, double gflops) {
    }

    private MatMulProbe() {
    }

    static Result run(int m, int k, int n, int threads, int runs) throws OrtException {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setIntraOpNumThreads(threads);
            options.setInterOpNumThreads(1);
            options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            try (OrtSession session = env.createSession(model(m, k, n), options);
                 OnnxTensor a = OnnxTensor.createTensor(env, filled(m * k, 1), new long[] {m, k});
                 OnnxTensor b = OnnxTensor.createTensor(env, filled(k * n, 2), new long[] {k, n})) {
                Map<String, OnnxTensor> inputs = Map.of("A", a, "B", b);
                try (OrtSession.Result ignored = session.run(inputs)) {
                    // warm-up: first run allocates and packs
                }
                double[] ms = new double[runs];
                for (int i = 0; i < runs; i++) {
                    long t0 = System.nanoTime();
                    try (OrtSession.Result ignored = session.run(inputs)) {
                        ms[i] = (System.nanoTime() - t0) / 1e6;
                    }
                }
                double median = studio.mobilei2v.inference.Percentiles.nearestRank(ms, 50);
                return new Result(m, k, n, threads, median, 2.0 * m * k * n / (median * 1e6));
            }
        }
    }

    private static FloatBuffer filled(int count, int seed) {
        FloatBuffer buf = ByteBuffer.allocateDirect(count * 4).order(ByteOrder.nativeOrder()).asFloatBuffer();
        // Small non-zero values: denormals or zeros could make the timing unrepresentative.
        for (int i = 0; i < count; i++) {
            buf.put(i, ((i * 31 + seed * 17) % 97 - 48) / 480f);
        }
        return buf;
    }

    /** ModelProto { ir_version 8, opset 17, graph { C = MatMul(A[m,k], B[k,n]) } }. */
    static byte[] model(int m, int k, int n) {
        Proto graph = new Proto()
                .message(1, new Proto().string(1, "A").string(1, "B").string(2, "C").string(3, "matmul")
                        .string(4, "MatMul"))
                .string(2, "matmul-probe")
                .message(11, valueInfo("A", m, k))
                .message(11, valueInfo("B", k, n))
                .message(12, valueInfo("C", m, n));
        return new Proto()
                .varint(1, 8)
                .string(2, "mobilei2v-bench")
                .message(7, graph)
                .message(8, new Proto().string(1, "").varint(2, 17))
                .bytes();
    }

    private static Proto valueInfo(String name, long rows, long cols) {
        Proto shape = new Proto().message(1, new Proto().varint(1, rows)).message(1, new Proto().varint(1, cols));
        Proto tensor = new Proto().varint(1, 1 /* FLOAT */).message(2, shape);
        return new Proto().string(1, name).message(2, new Proto().message(1, tensor));
    }

    /** The three protobuf wire types an ONNX graph of this size needs. */
    private static final class Proto {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();

        Proto varint(int field, long value) {
            tag(field, 0);
            writeVarint(value);
            return this;
        }

        Proto string(int field, String s) {
            return raw(field, s.getBytes(StandardCharsets.UTF_8));
        }

        Proto message(int field, Proto p) {
            return raw(field, p.bytes());
        }

        private Proto raw(int field, byte[] b) {
            tag(field, 2);
            writeVarint(b.length);
            out.writeBytes(b);
            return this;
        }

        private void tag(int field, int wireType) {
            writeVarint((long) field << 3 | wireType);
        }

        private void writeVarint(long v) {
            while ((v & ~0x7FL) != 0) {
                out.write((int) (v & 0x7F) | 0x80);
                v >>>= 7;
            }
            out.write((int) v);
        }

        byte[] bytes() {
            return out.toByteArray();
        }
    }
}
