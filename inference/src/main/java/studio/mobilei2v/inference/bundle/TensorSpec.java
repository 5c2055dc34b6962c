package studio.mobilei2v.inference.bundle;

import java.util.List;

/** One graph input or output: name, dtype ("float32", "float16", "int64") and fixed shape. */
public record TensorSpec(String name, String dtype, List<Long> shape) {
    public TensorSpec {
        shape = List.copyOf(shape);
    }

    public long[] shapeArray() {
        return shape.stream().mapToLong(Long::longValue).toArray();
    }

    public long elementCount() {
        long n = 1;
        for (long d : shape) {
            n *= d;
        }
        return n;
    }
}
