package studio.mobilei2v.bridge;

/** A change in the device list: a device came, went, or changed state or facts. */
public record DeviceEvent(Kind kind, DeviceInfo device) {
    public enum Kind { ATTACHED, DETACHED, CHANGED }
}
