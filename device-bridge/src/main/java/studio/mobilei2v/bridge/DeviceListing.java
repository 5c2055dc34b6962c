package studio.mobilei2v.bridge;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;
import java.util.Locale;

/** The device list as a table for people and as JSON for scripts ({@code devices [--json]}). */
public final class DeviceListing {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private DeviceListing() {
    }

    /** Waits (up to {@code seconds} each) for online devices to report their facts, then lists all. */
    public static List<DeviceInfo> settle(DeviceBridge bridge, int seconds) {
        for (DeviceInfo d : bridge.devices()) {
            if (d.isUsable() && d.facts() == null) {
                try {
                    bridge.awaitReady(d.serial(), seconds, java.util.concurrent.TimeUnit.SECONDS);
                } catch (BridgeException ignored) {
                    // listed without facts; its state says why
                }
            }
        }
        return bridge.devices();
    }

    public static String json(List<DeviceInfo> devices) {
        ArrayNode arr = JSON.createArrayNode();
        for (DeviceInfo d : devices) {
            ObjectNode n = arr.addObject();
            n.put("serial", d.serial());
            n.put("link", d.link().name().toLowerCase(Locale.ROOT));
            n.put("state", d.state().name().toLowerCase(Locale.ROOT));
            n.put("usable", d.isUsable());
            n.put("problem", d.problem());
            DeviceFacts f = d.facts();
            if (f == null) {
                n.putNull("facts");
            } else {
                ObjectNode o = n.putObject("facts");
                o.put("os", f.os());
                o.put("osVersion", f.osVersion());
                o.put("model", f.model());
                o.put("manufacturer", f.manufacturer());
                o.put("soc", f.soc());
                o.put("abi", f.abi());
                if (f.ramBytes() == null) {
                    o.putNull("ramBytes");
                } else {
                    o.put("ramBytes", f.ramBytes());
                }
                o.put("thermalStatus", f.thermalStatus());
                if (f.batteryTempCelsius() == null) {
                    o.putNull("batteryTempCelsius");
                } else {
                    o.put("batteryTempCelsius", f.batteryTempCelsius());
                }
                o.put("hasJava", f.hasJava());
            }
        }
        try {
            return JSON.writeValueAsString(arr);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String table(List<DeviceInfo> devices) {
        if (devices.isEmpty()) {
            return "No devices. Connect a phone with USB debugging on, or 'adb connect HOST:PORT'.\n";
        }
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "%-24s %-6s %-13s %s%n", "SERIAL", "LINK", "STATE", "DEVICE"));
        for (DeviceInfo d : devices) {
            b.append(String.format(Locale.ROOT, "%-24s %-6s %-13s %s%n", d.serial(), d.link().name().toLowerCase(Locale.ROOT),
                    d.state().name().toLowerCase(Locale.ROOT), describe(d)));
            if (d.problem() != null) {
                b.append("    ").append(d.problem()).append('\n');
            }
        }
        if (devices.stream().filter(DeviceInfo::isUsable).count() > 1) {
            b.append("Several devices: name one with generate --device SERIAL.\n");
        }
        return b.toString();
    }

    static String describe(DeviceInfo d) {
        DeviceFacts f = d.facts();
        if (f == null) {
            return "";
        }
        StringBuilder b = new StringBuilder();
        append(b, f.manufacturer());
        append(b, f.model());
        if (f.soc() != null) {
            b.append(b.length() > 0 ? ", " : "").append(f.soc());
        }
        b.append(b.length() > 0 ? ", " : "").append(f.osVersion() == null ? f.os() : f.osVersion());
        if (f.abi() != null) {
            b.append(", ").append(f.abi());
        }
        if (f.ramBytes() != null) {
            b.append(String.format(Locale.ROOT, ", %.1f GiB RAM", f.ramBytes() / (1024.0 * 1024 * 1024)));
        }
        if (f.thermalStatus() != null) {
            b.append(", thermal ").append(f.thermalStatus());
        }
        if (f.batteryTempCelsius() != null) {
            b.append(String.format(Locale.ROOT, ", battery %.1f C", f.batteryTempCelsius()));
        }
        return b.toString();
    }

    private static void append(StringBuilder b, String s) {
        if (s != null && !s.isBlank()) {
            b.append(b.length() > 0 ? " " : "").append(s);
        }
    }
}
