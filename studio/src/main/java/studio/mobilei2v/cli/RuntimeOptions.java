package studio.mobilei2v.cli;

import picocli.CommandLine.Option;
import studio.mobilei2v.inference.ExecutionProvider;
import studio.mobilei2v.inference.local.LocalOptions;
import studio.mobilei2v.inference.local.Providers;

import java.nio.file.Path;
import java.util.Locale;

/**
 * Which model and how ONNX Runtime runs it, shared by {@code generate}, {@code batch} (through
 * {@link ClipOptions}) and {@code bench} (a picocli mixin): one option, one help text, one check.
 */
final class RuntimeOptions {
    @Option(names = "--model", paramLabel = "DIR", description = "Model bundle folder (default: the bundled model).")
    Path model;

    @Option(names = "--variant", paramLabel = "NAME", defaultValue = "desktop", description = "Graph variant the bundle offers (info lists them: desktop, mobile; converted bundles also desktop-int8, mobile-int8) (default: ${DEFAULT-VALUE}).")
    String variant = "desktop";

    @Option(names = "--threads", paramLabel = "T", defaultValue = "0", description = "ONNX Runtime threads per graph call (0 = all cores here, the big cores on a device).")
    int threads;

    @Option(names = "--provider", paramLabel = "cpu|cuda", defaultValue = "cpu",
            description = "ONNX Runtime execution provider on this computer: cpu, or cuda (an NVIDIA GPU; needs the build made with the Maven profile gpu) (default: ${DEFAULT-VALUE}).")
    String provider = "cpu";

    @Option(names = "--memory", paramLabel = "MODE", defaultValue = "lean",
            description = "ONNX Runtime activation memory: 'lean' (default: malloc per node, freed when dead), 'arena' "
                    + "(ONNX Runtime's CPU arena + memory pattern; much higher peak memory on large models) or 'staged' "
                    + "(lean, and only the running stage's session held; sessions re-created every run).")
    String memory = "lean";

    /** The message when the CUDA provider is asked for on the CPU build of ONNX Runtime. */
    static final String CUDA_NEEDS_GPU_BUILD = "--provider cuda needs the onnxruntime_gpu build: run with the Maven"
            + " profile `gpu` (MOBILEI2V_MAVEN_ARGS=-Pgpu ./mobilei2v ..., or mvn -Pgpu ...; docs/CLI.md)";

    /**
     * The checked options as {@link LocalOptions}: threads not negative, a provider this ONNX
     * Runtime has (only checked for runs on this computer: a device has its own runtime).
     */
    LocalOptions localOptions(boolean onThisComputer) throws BadInputException {
        if (threads < 0) {
            throw new BadInputException("--threads " + threads + ": must be 0 (all cores) or more");
        }
        ExecutionProvider ep;
        try {
            ep = ExecutionProvider.parse(provider);
        } catch (IllegalArgumentException e) {
            throw new BadInputException("--provider " + provider + ": " + e.getMessage());
        }
        if (onThisComputer) {
            try {
                Providers.require(ep);
            } catch (Providers.MissingProviderException e) {
                throw new BadInputException(ep == ExecutionProvider.CUDA ? CUDA_NEEDS_GPU_BUILD
                        : "--provider " + provider + ": " + e.getMessage(), e);
            }
        }
        return LocalOptions.defaults().withVariant(variant).withThreads(threads).withExecutionProvider(ep)
                .withMemory(memoryMode(memory));
    }

    static LocalOptions.Memory memoryMode(String mode) throws BadInputException {
        return switch (mode.toLowerCase(Locale.ROOT)) {
            case "lean" -> LocalOptions.Memory.LEAN;
            case "arena" -> LocalOptions.Memory.ARENA;
            case "staged" -> LocalOptions.Memory.STAGED;
            default -> throw new BadInputException("--memory " + mode + ": must be 'lean', 'arena' or 'staged'");
        };
    }
}
