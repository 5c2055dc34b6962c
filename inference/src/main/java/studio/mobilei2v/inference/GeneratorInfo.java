package studio.mobilei2v.inference;

/**
 * Where and what a {@link VideoGenerator} runs: shown in the toolbar and copied into reports.
 *
 * @param target            "local" for this computer, otherwise the device serial
 * @param model             bundle name, e.g. "mobilei2v-nano"
 * @param modelVersion      bundle version
 * @param variant           "desktop" (fp32) or "mobile" (fp16)
 * @param executionProvider where ONNX Runtime runs the graphs (JSON: "CPU", "CUDA", "XNNPACK", "NNAPI")
 * @param threads           intra-op threads used by each graph call
 */
public record GeneratorInfo(String target, String model, String modelVersion, String variant,
                            ExecutionProvider executionProvider, int threads) {
}
