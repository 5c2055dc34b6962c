package studio.mobilei2v.bridge.runner;

import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * How a device run is set up.
 *
 * @param variant           graph variant on the device ("mobile" by default)
 * @param threads           ONNX Runtime threads on the device; 0 = the device's big cores
 * @param executionProvider cpu, xnnpack or nnapi
 * @param idleExitSeconds   the runner exits after this long without a host
 * @param hostCache         where prepared runner jars and manifests are kept on this computer
 * @param progress          human progress lines while connecting ("sending …", "loading …")
 */
public record DeviceRunOptions(String variant, int threads, String executionProvider, int idleExitSeconds,
                               Path hostCache, Consumer<String> progress) {
    public DeviceRunOptions {
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
        return new DeviceRunOptions(variant, threads, executionProvider, idleExitSeconds, p, progress);
    }

    public DeviceRunOptions withProgress(Consumer<String> p) {
        return new DeviceRunOptions(variant, threads, executionProvider, idleExitSeconds, hostCache, p);
    }

    public DeviceRunOptions withThreads(int n) {
        return new DeviceRunOptions(variant, n, executionProvider, idleExitSeconds, hostCache, progress);
    }

    public DeviceRunOptions withVariant(String v) {
        return new DeviceRunOptions(v, threads, executionProvider, idleExitSeconds, hostCache, progress);
    }
}
