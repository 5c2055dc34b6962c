package studio.mobilei2v.bridge.pool;

import studio.mobilei2v.bridge.DeviceFacts;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What a pool worker runs on, copied into every result it produces so a batch or a side-by-side
 * comparison can say which SoC made which video.
 *
 * @param id       "local" for this computer, else the device serial
 * @param kind     "local" or "device"
 * @param model    device model (or this computer's host name); null when unknown
 * @param soc      system on chip / CPU model; null when unknown
 * @param abi      primary ABI or machine (e.g. arm64-v8a, x86_64)
 * @param os       e.g. "Android 14 (API 34)" or "Linux 6.1.0 (Debian GNU/Linux 12)"
 * @param cores    CPU cores
 * @param bigCores cores at >= 80 % of the fastest core's maximum frequency
 */
public record WorkerFacts(String id, String kind, String model, String soc, String abi, String os,
                          Integer cores, Integer bigCores) {
    public static final String LOCAL = "local";

    public boolean isLocal() {
        return LOCAL.equals(kind);
    }

    public static WorkerFacts device(String serial, DeviceFacts f) {
        String model = f.model() == null ? null : (f.manufacturer() == null ? f.model() : f.manufacturer() + " " + f.model());
        return new WorkerFacts(serial, "device", model, f.soc(), f.abi(), f.osVersion(), f.cores(), f.bigCores());
    }

    /** This computer, read from /proc and /sys where they exist. */
    public static WorkerFacts thisComputer() {
        int cores = Runtime.getRuntime().availableProcessors();
        String cpu = null;
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"), StandardCharsets.UTF_8)) {
                if (line.startsWith("model name") && line.contains(":")) {
                    cpu = line.substring(line.indexOf(':') + 1).trim();
                    break;
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux: the JVM's own words below
        }
        String host;
        try {
            host = java.net.InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            host = "this computer";
        }
        return new WorkerFacts(LOCAL, LOCAL, host, cpu, System.getProperty("os.arch"),
                System.getProperty("os.name") + " " + System.getProperty("os.version"), cores, bigCores(cores));
    }

    /** The same rule as the runner's (inference BigCores) and the device probe's. */
    private static int bigCores(int cores) {
        List<Long> freq = new ArrayList<>();
        for (int i = 0; i < cores; i++) {
            try {
                freq.add(Long.parseLong(Files.readString(Path.of("/sys/devices/system/cpu/cpu" + i + "/cpufreq/cpuinfo_max_freq")).trim()));
            } catch (IOException | RuntimeException e) {
                return cores;
            }
        }
        long max = freq.stream().mapToLong(Long::longValue).max().orElse(0);
        int big = (int) freq.stream().filter(f -> f * 10 >= max * 8).count();
        return big == 0 ? cores : big;
    }

    /** One line for progress output: "127.0.0.1:40001 (Fixture Phone 9, Qualcomm SM8650, arm64-v8a, 4 big cores)". */
    public String describe() {
        StringBuilder b = new StringBuilder(isLocal() ? "this computer" : id);
        List<String> parts = new ArrayList<>();
        if (model != null && !isLocal()) {
            parts.add(model);
        }
        if (soc != null) {
            parts.add(soc);
        }
        if (abi != null) {
            parts.add(abi);
        }
        if (bigCores != null) {
            parts.add(bigCores + (cores != null && !cores.equals(bigCores) ? " big of " + cores : "") + " cores");
        }
        if (!parts.isEmpty()) {
            b.append(" (").append(String.join(", ", parts)).append(')');
        }
        return b.toString();
    }
}
