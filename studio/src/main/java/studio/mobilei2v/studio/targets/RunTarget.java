package studio.mobilei2v.studio.targets;

/**
 * An entry of the run-target switch: this computer, a device the bridge lists, or the honest
 * placeholder that says why no device is there.
 *
 * @param id     "local", a device serial, or "none"
 * @param label  what the switch shows
 * @param usable false for the placeholder and for devices that cannot run (unauthorized, offline)
 * @param detail device facts or the reason it cannot be used
 */
public record RunTarget(String id, String label, Kind kind, boolean usable, String detail) {
    public enum Kind { LOCAL, DEVICE, NO_DEVICE }

    public static final RunTarget LOCAL = new RunTarget("local", "This computer", Kind.LOCAL, true,
            "ONNX Runtime on this computer's CPU");

    public static RunTarget noDevice(String reason) {
        return new RunTarget("none", "No device connected (" + reason + ")", Kind.NO_DEVICE, false, reason);
    }

    public boolean isLocal() {
        return kind == Kind.LOCAL;
    }

    @Override
    public String toString() {
        return label;
    }
}
