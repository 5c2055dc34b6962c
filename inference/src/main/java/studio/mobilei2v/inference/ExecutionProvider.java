package studio.mobilei2v.inference;

import ai.onnxruntime.OrtProvider;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Where ONNX Runtime runs the graphs. Reports and {@link GeneratorInfo} write the constant's name
 * ("CPU", "CUDA", "XNNPACK", "NNAPI", as ONNX Runtime names them); options take it in lower case.
 */
public enum ExecutionProvider {
    /** ONNX Runtime's own CPU kernels: always there. */
    CPU(OrtProvider.CPU),
    /** NVIDIA GPUs: only in the onnxruntime_gpu build (Maven profile {@code gpu}). */
    CUDA(OrtProvider.CUDA),
    /** XNNPACK (Arm/x86 kernels): in onnxruntime-android, not in the desktop jars. */
    XNNPACK(OrtProvider.XNNPACK),
    /** Android's Neural Networks API: in onnxruntime-android. */
    NNAPI(OrtProvider.NNAPI);

    private final OrtProvider ort;

    ExecutionProvider(OrtProvider ort) {
        this.ort = ort;
    }

    /** ONNX Runtime's constant, to compare with {@code OrtEnvironment.getAvailableProviders()}. */
    public OrtProvider ortProvider() {
        return ort;
    }

    /** The name as options spell it: "cpu", "cuda", "xnnpack", "nnapi". */
    public String optionName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * A provider by name, in any case.
     *
     * @throws IllegalArgumentException naming the value and the choices
     */
    public static ExecutionProvider parse(String name) {
        for (ExecutionProvider p : values()) {
            if (p.name().equalsIgnoreCase(name == null ? "" : name.trim())) {
                return p;
            }
        }
        throw new IllegalArgumentException("execution provider must be " + choices() + ", not " + name);
    }

    /** "cpu, cuda, xnnpack or nnapi". */
    public static String choices() {
        String all = Arrays.stream(values()).map(ExecutionProvider::optionName).collect(Collectors.joining(", "));
        int last = all.lastIndexOf(", ");
        return all.substring(0, last) + " or " + all.substring(last + 2);
    }
}
