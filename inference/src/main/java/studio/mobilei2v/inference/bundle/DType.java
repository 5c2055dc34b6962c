package studio.mobilei2v.inference.bundle;

import ai.onnxruntime.OnnxJavaType;
import java.util.Arrays;
import java.util.Optional;

/** The element type of a graph input or output, as manifest "dtype" names it. */
public enum DType implements ManifestName {
    FLOAT32(OnnxJavaType.FLOAT),
    FLOAT16(OnnxJavaType.FLOAT16),
    INT64(OnnxJavaType.INT64),
    INT32(OnnxJavaType.INT32);

    /** ONNX Runtime's name for the same element type. */
    public final OnnxJavaType onnxType;

    DType(OnnxJavaType onnxType) {
        this.onnxType = onnxType;
    }

    public boolean isFloat() {
        return this == FLOAT32 || this == FLOAT16;
    }

    /** The dtype of an ONNX Runtime element type, empty for one a manifest cannot name. */
    public static Optional<DType> of(OnnxJavaType t) {
        return Arrays.stream(values()).filter(d -> d.onnxType == t).findFirst();
    }

    @Override
    public String toString() {
        return manifestName();
    }
}
