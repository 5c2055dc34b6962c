package studio.mobilei2v.bridge;

import java.util.ArrayList;
import java.util.List;

/** Everything the studio puts on a device lives in one folder; {@link #clean} stops our runners and removes it. */
public final class DeviceWorkspace {
    private DeviceWorkspace() {
    }

    /** What {@link #clean} did. */
    public record Cleaned(String serial, String folder, List<String> stoppedRunners) {
    }

    public static Cleaned clean(DeviceBridge bridge, String serial) throws BridgeException {
        Device device = bridge.select(serial);
        String work = ContentStore.resolveWorkFolder(device, bridge.facts(device));
        List<String> stopped = new ArrayList<>();
        // Runners write run/runner-<nonce>.pid; stop any still alive before their files vanish.
        ShellResult pids = device.shell(ShellCommand.of("cat").globStartingWith(work + "/run/runner-").append("2>/dev/null"), 30);
        for (String line : pids.output().split("\n")) {
            String pid = line.trim();
            if (pid.matches("\\d{1,9}")) {
                if (device.shell(stopRunner(pid), 30).ok()) {
                    stopped.add(pid);
                }
            }
        }
        new ContentStore(device, work).clean();
        return new Cleaned(device.serial(), work, stopped);
    }

    /**
     * SIGTERM, up to 5 s for the JVM to exit (unloading ONNX Runtime can take seconds), then
     * SIGKILL: a runner never outlives a clean. Only if {@code pid} is still our runner.
     */
    static ShellCommand stopRunner(String pid) {
        String q = ShellCommand.quote(pid);
        return onlyIfRunner(pid, ShellCommand.literal("{ kill " + q + "; i=0; while [ $i -lt 50 ] && kill -0 " + q
                + " 2>/dev/null; do sleep 0.1; i=$((i+1)); done; kill -9 " + q + " 2>/dev/null; true; }"));
    }

    /**
     * Runs {@code action} only if process {@code pid} is still our runner: a pid file left by a
     * runner that died could name an unrelated process that got the number later.
     */
    static ShellCommand onlyIfRunner(String pid, ShellCommand action) {
        if (!pid.matches("\\d{1,9}")) {
            throw new IllegalArgumentException("not a pid: " + pid);
        }
        return ShellCommand.of("grep", "-q", "-a", "studio.mobilei2v.inference.runner", "/proc/" + pid + "/cmdline")
                .append("2>/dev/null").and(action);
    }
}
