package studio.mobilei2v.inference.bundle;

import java.util.List;
import java.util.Optional;

/** The I/O contract of one graph role. */
public record GraphSpec(GraphRole role, List<TensorSpec> inputs, List<TensorSpec> outputs) {
    public GraphSpec {
        inputs = List.copyOf(inputs);
        outputs = List.copyOf(outputs);
    }

    public Optional<TensorSpec> input(String name) {
        return inputs.stream().filter(t -> t.name().equals(name)).findFirst();
    }

    public Optional<TensorSpec> output(String name) {
        return outputs.stream().filter(t -> t.name().equals(name)).findFirst();
    }
}
