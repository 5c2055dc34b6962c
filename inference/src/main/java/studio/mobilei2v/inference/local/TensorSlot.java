package studio.mobilei2v.inference.local;

import ai.onnxruntime.platform.Fp16Conversions;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import studio.mobilei2v.inference.bundle.TensorSpec;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.nio.ShortBuffer;

/**
 * One graph input or output with its memory allocated once: a direct, native-order buffer and an
 * OnnxTensor that wraps it without copying. Runs only rewrite the buffer's contents, so a
 * sampler step or a decoder frame allocates nothing on the native side. float16 tensors are
 * converted on the way in and out (the mobile variant may keep half-precision I/O).
 */
final class TensorSlot implements AutoCloseable {
    final TensorSpec spec;
    private final int count;
    private final FloatBuffer f32;
    private final ShortBuffer f16;
    private final LongBuffer i64;
    private final java.nio.IntBuffer i32;
    final OnnxTensor tensor;

    TensorSlot(OrtEnvironment env, TensorSpec spec) throws OrtException {
        this.spec = spec;
        this.count = Math.toIntExact(spec.elementCount());
        long[] shape = spec.shapeArray();
        FloatBuffer f = null;
        ShortBuffer s = null;
        LongBuffer l = null;
        java.nio.IntBuffer i = null;
        tensor = switch (spec.dtype()) {
            case FLOAT32 -> {
                f = direct(count * 4L).asFloatBuffer();
                yield OnnxTensor.createTensor(env, f, shape);
            }
            case FLOAT16 -> {
                s = direct(count * 2L).asShortBuffer();
                yield OnnxTensor.createTensor(env, s, shape, spec.dtype().onnxType);
            }
            case INT64 -> {
                l = direct(count * 8L).asLongBuffer();
                yield OnnxTensor.createTensor(env, l, shape);
            }
            case INT32 -> {
                i = direct(count * 4L).asIntBuffer();
                yield OnnxTensor.createTensor(env, i, shape);
            }
        };
        f32 = f;
        f16 = s;
        i64 = l;
        i32 = i;
    }

    private static ByteBuffer direct(long bytes) {
        return ByteBuffer.allocateDirect(Math.toIntExact(bytes)).order(ByteOrder.nativeOrder());
    }

    int count() {
        return count;
    }

    /** Writes {@code len} floats from {@code src[from..]} at element {@code at}. */
    void put(int at, float[] src, int from, int len) {
        if (f32 != null) {
            f32.put(at, src, from, len);
        } else if (f16 != null) {
            for (int k = 0; k < len; k++) {
                f16.put(at + k, Fp16Conversions.floatToFp16(src[from + k]));
            }
        } else {
            throw new IllegalStateException(spec.name() + " is not a float tensor");
        }
    }

    void put(float[] src) {
        put(0, src, 0, src.length);
    }

    void putScalar(float v) {
        if (f32 != null) {
            f32.put(0, v);
        } else if (f16 != null) {
            f16.put(0, Fp16Conversions.floatToFp16(v));
        } else {
            throw new IllegalStateException(spec.name() + " is not a float tensor");
        }
    }

    void putInteger(long v) {
        if (i64 != null) {
            i64.put(0, v);
        } else if (i32 != null) {
            i32.put(0, Math.toIntExact(v));
        } else {
            throw new IllegalStateException(spec.name() + " is not an integer tensor");
        }
    }

    /** Reads {@code len} floats from element {@code at} into {@code dst[to..]}. */
    void get(int at, float[] dst, int to, int len) {
        if (f32 != null) {
            f32.get(at, dst, to, len);
        } else if (f16 != null) {
            for (int k = 0; k < len; k++) {
                dst[to + k] = Fp16Conversions.fp16ToFloat(f16.get(at + k));
            }
        } else {
            throw new IllegalStateException(spec.name() + " is not a float tensor");
        }
    }

    float get(int at) {
        return f32 != null ? f32.get(at) : Fp16Conversions.fp16ToFloat(f16.get(at));
    }

    @Override
    public void close() {
        tensor.close();
    }
}
