package studio.mobilei2v.studio.targets;

import java.util.List;
import java.util.function.Consumer;

/**
 * Where device targets come from. The one implementation talking to the device bridge is
 * {@link BridgeDeviceSource}; keeping this seam small means the toolbar never sees ddmlib.
 */
public interface DeviceSource extends AutoCloseable {

    /**
     * Starts watching; {@code listener} gets a full snapshot now and after every attach/detach,
     * on a background thread.
     */
    void start(Consumer<Snapshot> listener);

    @Override
    void close();

    /**
     * Drops the connection and connects again with the same listener (the adb server setting
     * changed); the listener gets a fresh snapshot. Sources with one fixed server do nothing.
     */
    default void reconnect() {
    }

    /**
     * @param devices targets for the devices present (usable or with the reason they are not)
     * @param problem why no device can be listed at all (e.g. "adb: not found on PATH"), or null
     */
    record Snapshot(List<RunTarget> devices, String problem) {
        public Snapshot {
            devices = List.copyOf(devices);
        }
    }
}
