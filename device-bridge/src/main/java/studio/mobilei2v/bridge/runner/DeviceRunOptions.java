package studio.mobilei2v.bridge.runner;

import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * How a device run is set up.
 *
 * @param variant           graph variant on the device ("mobile" by default)
 * @param threads           ONNX Runtime threads on the device; 0 = the device's big cores
 * @param executionProvider cpu, xnnpack, nnapi or auto (XNNPACK where the device's ONNX Runtime has it;
 *                          on Android a "cpu" request becomes auto, see DeviceVideoGenerator)
 * @param idleExitSeconds   the runner exits after this long without a host
 * @param hostCache         where prepared runner jars and manifests are kept on this computer
 * @param progress          human progress lines while connecting ("sending …", "loading …")
 * @param android           what an Android device is given: the build's DEX and ONNX Runtime
 *                          ({@link AndroidRunnerSupport#build()}, the default; tests hand in stand-ins)
 */
public record DeviceRunOptions(String variant, int threads, String executionProvider, int idleExitSeconds,
                               Path hostCache, Consumer<String> progress, AndroidRunnerSupport android) {
    public DeviceRunOptions(String variant, int threads, String executionProvider, int idleExitSeconds,
                            Path hostCache, Consumer<String> progress) {
        this(variant, threads, executionProvider, idleExitSeconds, hostCache, progress, null);
    }

    public DeviceRunOptions {
        android = android == null ? AndroidRunnerSupport.build() : android;
        variant = variant == null ? "mobile" : variant;
        executionProvider = executionProvider == null ? "cpu" : executionProvider;
        hostCache = hostCache == null ? RunnerArtifacts.defaultHostCache() : hostCache;
        progress = progress == null ? s -> { } : progress;
        if (threads < 0) {
            throw new IllegalArgumentException("threads must be >= 0");
        }
        if (idleExitSeconds <= 0) {
            idleExitSeconds = 600;
        }
    }

    public static DeviceRunOptions defaults() {
        return new DeviceRunOptions("mobile", 0, "cpu", 600, null, null);
    }

    public DeviceRunOptions withHostCache(Path p) {
        return new DeviceRunOptions(variant, threads, executionProvider, idleExitSeconds, p, progress, android);
    }

    public DeviceRunOptions withProgress(Consumer<String> p) {
        return new DeviceRunOptions(variant, threads, executionProvider, idleExitSeconds, hostCache, p, android);
    }

    public DeviceRunOptions withThreads(int n) {
        return new DeviceRunOptions(variant, n, executionProvider, idleExitSeconds, hostCache, progress, android);
    }

    /** See {@link AndroidRunnerSupport#withNativeLibraries}: tests only. */
    public DeviceRunOptions withAndroid(AndroidRunnerSupport a) {
        return new DeviceRunOptions(variant, threads, executionProvider, idleExitSeconds, hostCache, progress, a);
    }

    public DeviceRunOptions withExecutionProvider(String ep) {
        return new DeviceRunOptions(variant, threads, ep, idleExitSeconds, hostCache, progress, android);
    }

    public DeviceRunOptions withVariant(String v) {
        return new DeviceRunOptions(v, threads, executionProvider, idleExitSeconds, hostCache, progress, android);
    }
}
