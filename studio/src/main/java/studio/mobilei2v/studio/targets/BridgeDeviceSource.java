package studio.mobilei2v.studio.targets;

import studio.mobilei2v.bridge.DeviceBridge;
import studio.mobilei2v.bridge.DeviceInfo;
import studio.mobilei2v.studio.messages.Messages;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Device targets from the device bridge (ddmlib over the user's adb server), with live
 * attach/detach. When adb is missing or its server cannot start, the snapshot says so in one line
 * ("adb: ..."), which the run-target switch shows instead of pretending there are devices.
 */
public final class BridgeDeviceSource implements DeviceSource {
    private static final Logger LOG = Logger.getLogger(BridgeDeviceSource.class.getName());
    private final DeviceBridge.Opener opener;
    private volatile DeviceBridge bridge;
    private volatile boolean closed;
    private volatile Consumer<Snapshot> listener;

    /** The user's adb server (ANDROID_ADB_SERVER_PORT, else 5037). */
    public BridgeDeviceSource() {
        this(DeviceBridge::open);
    }

    /** The adb server {@code opener} connects to (the UI tests' private server). */
    public BridgeDeviceSource(DeviceBridge.Opener opener) {
        this.opener = opener;
    }

    @Override
    public void start(Consumer<Snapshot> listener) {
        this.listener = listener;
        connect(listener, null);
    }

    /** On a thread of its own: closes {@code previous} (ddmlib's disconnect takes seconds), then connects. */
    private void connect(Consumer<Snapshot> listener, DeviceBridge previous) {
        Thread t = new Thread(() -> {
            if (previous != null) previous.close();
            try {
                DeviceBridge b = opener.open();
                if (closed) { b.close(); return; }
                bridge = b;
                b.addListener(ev -> listener.accept(snapshot(b)));
                listener.accept(snapshot(b));
            } catch (Exception | LinkageError e) {
                LOG.log(Level.FINE, "device bridge unavailable", e);
                listener.accept(new Snapshot(List.of(), "adb: " + firstLine(Messages.describe(e))));
            }
        }, "device-bridge-start");
        t.setDaemon(true); // starting adb may take seconds; never on the UI thread and never blocking exit
        t.start();
    }

    static Snapshot snapshot(DeviceBridge b) {
        List<RunTarget> out = new ArrayList<>();
        for (DeviceInfo d : b.devices()) out.add(DeviceNames.target(d));
        return new Snapshot(out, out.isEmpty() ? "adb: no device attached" : null);
    }

    private static String firstLine(String s) {
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    @Override
    public void reconnect() {
        Consumer<Snapshot> l = listener;
        if (l == null || closed) return;
        DeviceBridge b = bridge;
        bridge = null;
        connect(l, b);
    }

    @Override
    public void close() {
        closed = true;
        DeviceBridge b = bridge;
        if (b != null) b.close();
    }
}
