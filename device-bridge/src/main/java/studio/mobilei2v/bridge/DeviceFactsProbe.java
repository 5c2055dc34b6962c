package studio.mobilei2v.bridge;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Asks a device about itself in one shell round trip and parses the answer. */
final class DeviceFactsProbe {
    /**
     * A constant script: an Android device answers getprop/dumpsys, anything else uname and /proc.
     * Each section starts with a line "@@name" so the parser does not depend on the order.
     */
    static final String SCRIPT = String.join("; ",
            "if command -v getprop >/dev/null 2>&1 && [ -n \"$(getprop ro.build.version.sdk 2>/dev/null)\" ]; then "
                    + "echo @@android; getprop; echo @@battery; dumpsys battery 2>/dev/null; "
                    + "echo @@thermal; dumpsys thermalservice 2>/dev/null | grep -m1 'Thermal Status'; "
                    + "else echo @@linux; echo @@uname; uname -sr; echo @@arch; uname -m; "
                    + "echo @@cpu; grep -m1 -E '^(model name|Hardware|Model|cpu model)' /proc/cpuinfo 2>/dev/null; "
                    + "echo @@model; (tr -d '\\000' < /sys/firmware/devicetree/base/model; echo) 2>/dev/null; "
                    + "cat /sys/class/dmi/id/product_name 2>/dev/null; "
                    + "echo @@vendor; cat /sys/class/dmi/id/sys_vendor 2>/dev/null; "
                    + "echo @@osrelease; grep -m1 '^PRETTY_NAME=' /etc/os-release 2>/dev/null; "
                    + "echo @@zones; cat /sys/class/thermal/thermal_zone*/temp 2>/dev/null; fi",
            "echo @@meminfo; grep -m1 '^MemTotal:' /proc/meminfo 2>/dev/null",
            "echo @@cores; grep -c '^processor' /proc/cpuinfo 2>/dev/null",
            "echo @@cpufreq; cat /sys/devices/system/cpu/cpu[0-9]*/cpufreq/cpuinfo_max_freq 2>/dev/null",
            "echo @@java; command -v java 2>/dev/null; echo @@end");

    private static final Pattern PROP = Pattern.compile("^\\[([^\\]]+)\\]: \\[(.*)\\]$");
    private static final Pattern MEM = Pattern.compile("MemTotal:\\s+(\\d+)\\s*kB");
    private static final Pattern BATTERY_TEMP = Pattern.compile("^\\s*temperature:\\s*(-?\\d+)\\s*$");
    private static final Pattern THERMAL = Pattern.compile("Thermal Status:\\s*(\\d+)");
    private static final String[] THERMAL_NAMES = {"none", "light", "moderate", "severe", "critical", "emergency", "shutdown"};

    private DeviceFactsProbe() {
    }

    static ShellCommand command() {
        return ShellCommand.literal(SCRIPT);
    }

    static DeviceFacts parse(String output) {
        Map<String, StringBuilder> sections = new LinkedHashMap<>();
        StringBuilder current = null;
        for (String raw : output.split("\n")) {
            String line = raw.replace("\r", "");
            if (line.startsWith("@@")) {
                current = sections.computeIfAbsent(line.substring(2).trim(), k -> new StringBuilder());
            } else if (current != null) {
                current.append(line).append('\n');
            }
        }
        Long ram = null;
        Matcher mem = MEM.matcher(text(sections, "meminfo"));
        if (mem.find()) {
            ram = Long.parseLong(mem.group(1)) * 1024;
        }
        boolean hasJava = !text(sections, "java").isBlank();
        Integer cores = null;
        String coreText = firstLine(text(sections, "cores"));
        if (coreText != null && coreText.matches("\\d{1,5}") && Integer.parseInt(coreText) > 0) {
            cores = Integer.parseInt(coreText);
        }
        Integer bigCores = bigCores(text(sections, "cpufreq"), cores);
        if (sections.containsKey("android")) {
            Map<String, String> props = new HashMap<>();
            for (String line : text(sections, "android").split("\n")) {
                Matcher m = PROP.matcher(line.trim());
                if (m.matches()) {
                    props.put(m.group(1), m.group(2));
                }
            }
            String socMaker = props.get("ro.soc.manufacturer");
            String socModel = props.get("ro.soc.model");
            String soc = nonEmpty(socModel) != null
                    ? (nonEmpty(socMaker) != null ? socMaker + " " + socModel : socModel)
                    : nonEmpty(props.get("ro.board.platform"));
            String release = props.get("ro.build.version.release");
            String sdk = props.get("ro.build.version.sdk");
            String os = "Android " + (release == null ? "?" : release) + (sdk == null ? "" : " (API " + sdk + ")");
            Double battery = null;
            for (String line : text(sections, "battery").split("\n")) {
                Matcher m = BATTERY_TEMP.matcher(line);
                if (m.matches()) {
                    battery = Integer.parseInt(m.group(1)) / 10.0; // dumpsys reports tenths of a degree
                }
            }
            String thermal = null;
            Matcher t = THERMAL.matcher(text(sections, "thermal"));
            if (t.find()) {
                int s = Integer.parseInt(t.group(1));
                thermal = s >= 0 && s < THERMAL_NAMES.length ? THERMAL_NAMES[s] : "status " + s;
            }
            String abi = nonEmpty(props.get("ro.product.cpu.abi"));
            return new DeviceFacts("android", os, nonEmpty(props.get("ro.product.model")),
                    nonEmpty(props.get("ro.product.manufacturer")), soc, abi, ram, thermal, battery, hasJava, cores, bigCores);
        }
        String osName = firstLine(text(sections, "uname"));
        String pretty = firstLine(text(sections, "osrelease"));
        if (pretty != null && pretty.startsWith("PRETTY_NAME=")) {
            pretty = pretty.substring("PRETTY_NAME=".length()).replace("\"", "");
        }
        String os = osName == null ? null : osName + (pretty == null ? "" : " (" + pretty + ")");
        String cpu = firstLine(text(sections, "cpu"));
        if (cpu != null && cpu.contains(":")) {
            cpu = cpu.substring(cpu.indexOf(':') + 1).trim();
        }
        Double maxZone = null;
        for (String line : text(sections, "zones").split("\n")) {
            if (line.trim().matches("-?\\d+")) {
                double c = Long.parseLong(line.trim()) / 1000.0; // millidegrees
                maxZone = maxZone == null ? c : Math.max(maxZone, c);
            }
        }
        String thermal = maxZone == null ? null : String.format(Locale.ROOT, "max zone %.1f C", maxZone);
        return new DeviceFacts("linux", os, firstLine(text(sections, "model")), firstLine(text(sections, "vendor")),
                cpu, firstLine(text(sections, "arch")), ram, thermal, null, hasJava, cores, bigCores);
    }

    /** The runner's rule (inference BigCores): cores at >= 80 % of the fastest max frequency. */
    static Integer bigCores(String freqs, Integer cores) {
        java.util.List<Long> f = new java.util.ArrayList<>();
        for (String line : freqs.split("\n")) {
            if (line.trim().matches("\\d{1,12}")) {
                f.add(Long.parseLong(line.trim()));
            }
        }
        if (f.isEmpty() || (cores != null && f.size() != cores)) {
            return cores; // cpufreq absent or partial: the runner uses every core then
        }
        long max = f.stream().mapToLong(Long::longValue).max().orElse(0);
        int big = (int) f.stream().filter(x -> x * 10 >= max * 8).count();
        return big == 0 ? cores : big;
    }

    private static String text(Map<String, StringBuilder> sections, String name) {
        StringBuilder b = sections.get(name);
        return b == null ? "" : b.toString();
    }

    private static String firstLine(String s) {
        for (String line : s.split("\n")) {
            if (!line.isBlank()) {
                return line.trim();
            }
        }
        return null;
    }

    private static String nonEmpty(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
