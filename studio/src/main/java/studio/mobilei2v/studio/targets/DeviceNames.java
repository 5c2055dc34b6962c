package studio.mobilei2v.studio.targets;

import studio.mobilei2v.bridge.DeviceFacts;
import studio.mobilei2v.bridge.DeviceInfo;

import java.util.Locale;

/**
 * How a device is named in the run-target box, the runs table and messages: what it reported
 * (manufacturer and model), never "null"; a device that reported no model is named by its
 * system ("Linux device"). RAM in GiB, as the command line prints it.
 */
public final class DeviceNames {
    private static final double GIB = 1024.0 * 1024 * 1024;

    private DeviceNames() {
    }

    /** "Fairphone FP5 (SERIAL)", "Linux device (127.0.0.1:5671)", or the serial alone before facts arrive. */
    public static String name(DeviceInfo d) {
        DeviceFacts f = d.facts();
        if (f == null) return d.serial();
        String model = join(f.manufacturer(), f.model());
        if (model.isEmpty()) model = f.isAndroid() ? "Android device" : "Linux".equalsIgnoreCase(f.os()) ? "Linux device"
                : (f.os() == null || f.os().isBlank() ? "Device" : f.os() + " device");
        return model + " (" + d.serial() + ")";
    }

    public static String ram(long bytes) {
        return String.format(Locale.ROOT, "%.1f GiB RAM", bytes / GIB);
    }

    public static RunTarget target(DeviceInfo d) {
        DeviceFacts f = d.facts();
        String detail;
        if (!d.isUsable()) {
            detail = d.state().name().toLowerCase(Locale.ROOT) + (d.problem() == null ? "" : ": " + d.problem());
        } else if (f == null) {
            detail = d.link() + ", facts not reported yet";
        } else {
            StringBuilder b = new StringBuilder(d.link().name());
            String os = join(f.os(), f.osVersion());
            if (!os.isEmpty()) b.append(", ").append(os);
            if (f.soc() != null && !f.soc().isBlank()) b.append(", ").append(f.soc());
            if (f.abi() != null && !f.abi().isBlank()) b.append(", ").append(f.abi());
            if (f.ramBytes() != null) b.append(", ").append(ram(f.ramBytes()));
            if (f.thermalStatus() != null) b.append(", thermal ").append(f.thermalStatus());
            detail = b.toString();
        }
        String state = d.isUsable() ? "" : "[" + d.state().name().toLowerCase(Locale.ROOT) + "] ";
        return new RunTarget(d.serial(), state + name(d), RunTarget.Kind.DEVICE, d.isUsable(), detail);
    }

    private static String join(String a, String b) {
        StringBuilder s = new StringBuilder();
        if (a != null && !a.isBlank()) s.append(a.trim());
        if (b != null && !b.isBlank()) {
            // "Google Google Pixel 8" reads badly: skip the manufacturer when the model already starts with it
            if (s.length() > 0 && b.trim().toLowerCase(Locale.ROOT).startsWith(s.toString().toLowerCase(Locale.ROOT))) s.setLength(0);
            s.append(s.length() > 0 ? " " : "").append(b.trim());
        }
        return s.toString();
    }
}
