package studio.mobilei2v.inference.local;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtProvider;
import studio.mobilei2v.inference.ExecutionProvider;

import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Collectors;

/** The execution providers the ONNX Runtime build on the class path has. */
public final class Providers {
    private Providers() {
    }

    /** An execution provider this ONNX Runtime build does not have. */
    public static final class MissingProviderException extends Exception {
        private final ExecutionProvider provider;

        MissingProviderException(ExecutionProvider provider, String message) {
            super(message);
            this.provider = provider;
        }

        public ExecutionProvider provider() {
            return provider;
        }
    }

    /** The providers of the ONNX Runtime on the class path that this enum knows (CPU is always one). */
    public static Set<ExecutionProvider> available() {
        return available(OrtEnvironment.getAvailableProviders());
    }

    static Set<ExecutionProvider> available(Set<OrtProvider> ort) {
        Set<ExecutionProvider> out = EnumSet.noneOf(ExecutionProvider.class);
        for (ExecutionProvider p : ExecutionProvider.values()) {
            if (ort.contains(p.ortProvider())) {
                out.add(p);
            }
        }
        return out;
    }

    /** Throws, saying which build has the provider, when this ONNX Runtime lacks it. */
    public static void require(ExecutionProvider p) throws MissingProviderException {
        require(p, available());
    }

    static void require(ExecutionProvider p, Set<ExecutionProvider> available) throws MissingProviderException {
        if (available.contains(p)) {
            return;
        }
        String has = available.stream().map(Enum::name).collect(Collectors.joining(", "));
        String where = switch (p) {
            case CUDA -> "CUDA is in the onnxruntime_gpu build (Maven profile gpu)";
            case XNNPACK, NNAPI -> p.name() + " is in onnxruntime-android";
            case CPU -> "every build has CPU";
        };
        throw new MissingProviderException(p, "execution provider " + p.name() + " is not in this ONNX Runtime build (it has "
                + has + "); " + where);
    }
}
