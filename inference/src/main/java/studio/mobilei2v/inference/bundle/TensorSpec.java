package studio.mobilei2v.inference.bundle;

import java.util.List;

/** One graph input or output: name, dtype and fixed shape (manifest "graphs.ROLE.inputs[i]"). */
public record TensorSpec(String name, DType dtype, List<Long> shape) {
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
