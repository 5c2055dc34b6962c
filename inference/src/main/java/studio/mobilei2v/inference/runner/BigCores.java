package studio.mobilei2v.inference.runner;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * How many "big" cores a phone has: cores whose cpuinfo_max_freq is at least 80 % of the fastest
 * core's. Phones mix big and little cores; running one ONNX Runtime thread per big core avoids
 * the slow cores dragging every parallel section. (Java cannot pin threads to cores; choosing
 * the count is what we can do.) Falls back to all cores where sysfs does not say.
 */
final class BigCores {
    private BigCores() {
    }

    static int count() {
        int cpus = Runtime.getRuntime().availableProcessors();
        long[] freq = new long[cpus];
        long max = 0;
        for (int i = 0; i < cpus; i++) {
            Path p = Path.of("/sys/devices/system/cpu/cpu" + i + "/cpufreq/cpuinfo_max_freq");
            try {
                freq[i] = Long.parseLong(new String(Files.readAllBytes(p), StandardCharsets.US_ASCII).trim());
            } catch (IOException | NumberFormatException | SecurityException e) {
                return cpus;
            }
            max = Math.max(max, freq[i]);
        }
        int big = 0;
        for (long f : freq) {
            if (f * 10 >= max * 8) {
                big++;
            }
        }
        return big == 0 ? cpus : big;
    }
}
