package studio.mobilei2v.inference.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The fp32 arithmetic peak this CPU claims: SIMD lanes x 2 (a fused multiply-add is two FLOPs)
 * x FMA units per core x clock x cores. Two FMA units per core is assumed (true of every x86
 * core with AVX2 since Haswell / Zen 2); the clock is the nominal one from the model name when it
 * states one, else the current "cpu MHz". Linux only (/proc/cpuinfo); elsewhere unknown.
 */
public record HardwarePeak(String cpu, String isa, int lanes, int fmaUnits, double ghz, int cores, double gflops) {

    public static HardwarePeak detect() {
        int cores = Runtime.getRuntime().availableProcessors();
        List<String> lines;
        try {
            lines = Files.readAllLines(Path.of("/proc/cpuinfo"));
        } catch (IOException e) {
            return new HardwarePeak("unknown", "unknown", 0, 0, 0, cores, 0);
        }
        String model = value(lines, "model name");
        String flags = " " + value(lines, "flags") + " ";
        double mhz = 0;
        try {
            mhz = Double.parseDouble(value(lines, "cpu MHz"));
        } catch (NumberFormatException ignored) {
            // stays 0
        }
        Matcher nominal = Pattern.compile("@\\s*([0-9.]+)\\s*GHz").matcher(model);
        double ghz = nominal.find() ? Double.parseDouble(nominal.group(1)) : mhz / 1000.0;
        String isa;
        int lanes;
        int units;
        if (flags.contains(" avx512f ")) {
            isa = "AVX-512 + FMA";
            lanes = 16;
            units = 2;
        } else if (flags.contains(" avx2 ") && flags.contains(" fma ")) {
            isa = "AVX2 + FMA";
            lanes = 8;
            units = 2;
        } else if (flags.contains(" sse2 ")) {
            isa = "SSE2 (no FMA: one add + one multiply per cycle)";
            lanes = 4;
            units = 1;
        } else {
            isa = "unknown";
            lanes = 0;
            units = 0;
        }
        double gflops = lanes * 2.0 * units * ghz * cores;
        return new HardwarePeak(model.isBlank() ? "unknown" : model, isa, lanes, units, ghz, cores, gflops);
    }

    public String describe() {
        return String.format(Locale.ROOT, "%s: %d lanes x 2 (FMA) x %d units x %.2f GHz x %d cores = %.1f GFLOP/s",
                isa, lanes, fmaUnits, ghz, cores, gflops);
    }

    private static String value(List<String> lines, String key) {
        for (String l : lines) {
            int colon = l.indexOf(':');
            if (colon > 0 && l.substring(0, colon).trim().equals(key)) {
                return l.substring(colon + 1).trim();
            }
        }
        return "";
    }
}
