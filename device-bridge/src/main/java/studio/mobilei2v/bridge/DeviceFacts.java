package studio.mobilei2v.bridge;

/**
 * What a device reported about itself. Android: getprop, dumpsys battery/thermalservice and
 * /proc/meminfo. Linux boards: uname, /proc and /sys. Fields are null when the device did not say.
 *
 * @param os                 "android" or "linux"
 * @param osVersion          e.g. "Android 14 (API 34)" or "Linux 6.1.0 (Debian GNU/Linux 12)"
 * @param model              product model
 * @param manufacturer       maker
 * @param soc                system on chip (Android: ro.soc.manufacturer + ro.soc.model or
 *                           ro.board.platform; Linux: the CPU model name)
 * @param abi                primary ABI (Android) or machine (uname -m)
 * @param ramBytes           MemTotal
 * @param thermalStatus      Android's thermal status name (none, light, moderate, severe, critical,
 *                           emergency, shutdown), or "max zone N.N C" from Linux thermal zones
 * @param batteryTempCelsius battery temperature, Android only
 * @param hasJava            a {@code java} on the device's PATH (Linux devices run the runner JAR with it)
 * @param cores              CPU cores (processor entries in /proc/cpuinfo), null when unknown
 * @param bigCores           cores whose cpuinfo_max_freq is at least 80 % of the fastest one's (the
 *                           runner's default thread count); all cores where cpufreq does not say
 */
public record DeviceFacts(String os, String osVersion, String model, String manufacturer, String soc,
                          String abi, Long ramBytes, String thermalStatus, Double batteryTempCelsius,
                          boolean hasJava, Integer cores, Integer bigCores) {
    public boolean isAndroid() {
        return "android".equals(os);
    }
}
