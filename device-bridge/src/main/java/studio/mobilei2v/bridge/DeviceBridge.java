package studio.mobilei2v.bridge;

import com.android.ddmlib.AndroidDebugBridge;
import com.android.ddmlib.IDevice;

import java.io.IOException;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The studio's view of the user's adb server through ddmlib: a live device list (attach, detach
 * and state changes arrive as {@link DeviceEvent}s) with each device's facts. It talks to the
 * server the user names ({@link AdbServerAddress}: a setting or {@code --adb-server}, adb's own
 * ADB_SERVER_SOCKET, ANDROID_ADB_SERVER_PORT, else 5037). A server on this computer is started
 * with {@code adb start-server} when none runs; one on another host (a device farm's) never is,
 * and is reached through a loopback relay because ddmlib only connects to 127.0.0.1. Never killed.
 */
public final class DeviceBridge implements AutoCloseable {
    public static final int DEFAULT_ADB_PORT = 5037;

    private final AdbLocator.Adb adb;
    /** The loopback port ddmlib and our own queries use: the server's, or the relay's for a remote one. */
    private final int port;
    private final AdbServerAddress server;
    /** Only for a remote server; closed with the bridge. */
    private final AdbServerRelay relay;
    private final AndroidDebugBridge ddmlib;
    private final Map<String, DeviceFacts> facts = new ConcurrentHashMap<>();
    private final Map<String, DeviceInfo.State> lastState = new ConcurrentHashMap<>();
    private final List<Consumer<DeviceEvent>> listeners = new CopyOnWriteArrayList<>();
    private final ExecutorService probes = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "mobilei2v-device-facts");
        t.setDaemon(true);
        return t;
    });
    /** States read by polling where ddmlib's tracked state lags (see {@link AdbSmartSocket#hostDevices}). */
    private final Map<String, DeviceInfo.State> polledState = new ConcurrentHashMap<>();
    private final java.util.concurrent.ScheduledExecutorService poller = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "mobilei2v-device-state-poll");
        t.setDaemon(true);
        return t;
    });
    private final AndroidDebugBridge.IDeviceChangeListener ddmlibListener;
    private volatile boolean closed;

    DeviceBridge(AdbLocator.Adb adb, int port, AndroidDebugBridge ddmlib, AdbServerAddress server, AdbServerRelay relay) {
        this.adb = adb;
        this.port = port;
        this.server = server;
        this.relay = relay;
        this.ddmlib = ddmlib;
        this.ddmlibListener = new AndroidDebugBridge.IDeviceChangeListener() {
            @Override
            public void deviceConnected(IDevice device) {
                update(device, DeviceEvent.Kind.ATTACHED);
            }

            @Override
            public void deviceDisconnected(IDevice device) {
                String serial = device.getSerialNumber();
                facts.remove(serial);
                lastState.remove(serial);
                publish(new DeviceEvent(DeviceEvent.Kind.DETACHED, new DeviceInfo(serial, DeviceInfo.linkOf(serial),
                        DeviceInfo.State.DISCONNECTED, DeviceInfo.problemFor(serial, DeviceInfo.State.DISCONNECTED), null)));
            }

            @Override
            public void deviceChanged(IDevice device, int changeMask) {
                if ((changeMask & IDevice.CHANGE_STATE) != 0) {
                    update(device, DeviceEvent.Kind.CHANGED);
                }
            }
        };
        AndroidDebugBridge.addDeviceChangeListener(ddmlibListener);
        for (IDevice d : ddmlib.getDevices()) {
            update(d, DeviceEvent.Kind.ATTACHED);
        }
        poller.scheduleWithFixedDelay(this::pollStates, 500, 700, TimeUnit.MILLISECONDS);
    }

    /** The server's own list, polled: adb's track stream misses some transitions (see AdbSmartSocket.hostDevices). */
    private void pollStates() {
        if (ddmlib.getDevices().length == 0) {
            return;
        }
        try {
            Map<String, String> states = AdbSmartSocket.hostDevices(port);
            polledState.keySet().retainAll(states.keySet());
            for (IDevice d : ddmlib.getDevices()) {
                String serial = d.getSerialNumber();
                String s = states.get(serial);
                DeviceInfo.State polled = s == null ? null : DeviceInfo.State.of(IDevice.DeviceState.getState(s));
                DeviceInfo.State tracked = DeviceInfo.State.of(d.getState());
                if (polled == null || polled == tracked) {
                    if (polledState.remove(serial) != null) {
                        publish(new DeviceEvent(DeviceEvent.Kind.CHANGED, info(d)));
                    }
                } else if (polledState.put(serial, polled) != polled) {
                    publish(new DeviceEvent(DeviceEvent.Kind.CHANGED, info(d)));
                }
                DeviceInfo now = info(d);
                if (now.isUsable() && now.facts() == null) {
                    probes.execute(() -> probe(serial));
                }
            }
        } catch (IOException | RuntimeException e) {
            // the server is restarting; ddmlib will report that
        }
    }

    /** How a caller reaches an adb server: {@link #open()} for the user's, or a given adb and port. */
    @FunctionalInterface
    public interface Opener {
        DeviceBridge open() throws BridgeException;
    }

    /** The user's server from the environment (ADB_SERVER_SOCKET, ANDROID_ADB_SERVER_PORT, 5037); see {@link AdbServerAddress}. */
    public static DeviceBridge open() throws BridgeException {
        return open(AdbServerAddress.resolve(null, null, System.getenv()));
    }

    /**
     * The named server. On this computer: adb is located and {@code adb start-server} run as for
     * {@link #open(AdbLocator.Adb, int, Map)}. On another host: nothing is started; the server must
     * answer {@code host:version}, or this fails saying so.
     */
    public static DeviceBridge open(AdbServerAddress address) throws BridgeException {
        if (!address.remote()) {
            return AdbServerConnector.local(AdbLocator.locate(), address.port(), Map.of(), address);
        }
        return AdbServerConnector.remote(address);
    }

    public static int serverPort(Map<String, String> env) throws BridgeException {
        String p = env.get("ANDROID_ADB_SERVER_PORT");
        if (p == null || p.isBlank()) {
            return DEFAULT_ADB_PORT;
        }
        try {
            int port = Integer.parseInt(p.trim());
            if (port > 0 && port < 65536) {
                return port;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new BridgeException("ANDROID_ADB_SERVER_PORT='" + p + "' is not a TCP port number");
    }

    /**
     * Connects to the adb server on {@code port} (starting it with this adb if it is not running).
     * {@code extraEnv} is added to the environment of the adb processes we start.
     */
    public static DeviceBridge open(AdbLocator.Adb adb, int port, Map<String, String> extraEnv) throws BridgeException {
        return AdbServerConnector.local(adb, port, extraEnv, AdbServerAddress.local(port, "port " + port));
    }

    /** The adb found on this computer; null for a remote server (nothing is run locally then). */
    public AdbLocator.Adb adb() {
        return adb;
    }

    /** The loopback port ddmlib talks to: the server's own, or the relay's for a remote server. */
    public int port() {
        return port;
    }

    public AdbServerAddress server() {
        return server;
    }

    /** Called (on a bridge thread) for every attach, detach and change. */
    public void addListener(Consumer<DeviceEvent> listener) {
        listeners.add(listener);
    }

    public void removeListener(Consumer<DeviceEvent> listener) {
        listeners.remove(listener);
    }

    /** The current list, sorted by serial. */
    public List<DeviceInfo> devices() {
        List<DeviceInfo> out = new ArrayList<>();
        for (IDevice d : ddmlib.getDevices()) {
            out.add(info(d));
        }
        out.sort(Comparator.comparing(DeviceInfo::serial));
        return out;
    }

    /** Waits until the device is online and its facts are known, or the timeout passes. */
    public DeviceInfo awaitReady(String serial, long timeout, TimeUnit unit) throws BridgeException {
        long end = System.nanoTime() + unit.toNanos(timeout);
        DeviceInfo last = null;
        while (System.nanoTime() < end) {
            last = find(serial);
            if (last != null && last.isUsable()) {
                if (last.facts() != null) {
                    return last;
                }
                try {
                    facts(select(serial)); // ask now rather than wait for the background probe
                    continue;
                } catch (BridgeException e) {
                    // not answering yet (still connecting): try again below
                }
            }
            sleep(100);
        }
        if (last == null) {
            throw new BridgeException("no device " + serial + " is attached to the adb server at " + server);
        }
        throw new BridgeException(last.problem() != null ? last.problem() : "device " + serial + " did not report its facts in time");
    }

    public DeviceInfo find(String serial) {
        for (IDevice d : ddmlib.getDevices()) {
            if (d.getSerialNumber().equals(serial)) {
                return info(d);
            }
        }
        return null;
    }

    /**
     * The device to use: the named one, or the only one attached. Several devices without a
     * serial, none at all, or an unusable one are errors that say what to do.
     */
    public Device select(String serialOrNull) throws BridgeException {
        List<DeviceInfo> all = devices();
        DeviceInfo chosen;
        if (serialOrNull == null) {
            if (all.isEmpty()) {
                throw new BridgeException("no device is attached (adb server at " + server + "). Connect a phone with USB debugging "
                        + "enabled, or 'adb connect HOST:PORT' for a device on the network.");
            }
            if (all.size() > 1) {
                StringBuilder names = new StringBuilder();
                for (DeviceInfo d : all) {
                    names.append(names.length() == 0 ? "" : ", ").append(d.serial()).append(" (").append(d.state().name().toLowerCase()).append(')');
                }
                throw new BridgeException("several devices are attached: " + names + ". Name one with its serial (--device SERIAL).");
            }
            chosen = all.get(0);
        } else {
            chosen = all.stream().filter(d -> d.serial().equals(serialOrNull)).findFirst().orElse(null);
            if (chosen == null) {
                throw new BridgeException("no device " + serialOrNull + " is attached. Attached: "
                        + (all.isEmpty() ? "none" : all.stream().map(DeviceInfo::serial).toList()));
            }
        }
        if (!chosen.isUsable()) {
            throw new BridgeException(chosen.problem());
        }
        String serial = chosen.serial();
        return new Device(serial, server.remote() ? () -> new java.net.InetSocketAddress(InetAddress.getLoopbackAddress(), port) : null, () -> {
            for (IDevice d : ddmlib.getDevices()) {
                if (d.getSerialNumber().equals(serial)) {
                    return d;
                }
            }
            return null;
        }, () -> {
            try {
                return AdbSmartSocket.hostDevices(port).get(serial);
            } catch (IOException e) {
                return null;
            }
        });
    }

    /** Facts of an online device, probed now if not known yet. */
    public DeviceFacts facts(Device device) throws BridgeException {
        DeviceFacts f = facts.get(device.serial());
        if (f == null) {
            f = DeviceFactsProbe.parse(device.shellOk(DeviceFactsProbe.command(), 30, "asking for device facts"));
            facts.put(device.serial(), f);
        }
        return f;
    }

    private DeviceInfo info(IDevice d) {
        String serial = d.getSerialNumber();
        DeviceInfo.State tracked = DeviceInfo.State.of(d.getState());
        DeviceInfo.State state = polledState.getOrDefault(serial, tracked);
        return new DeviceInfo(serial, DeviceInfo.linkOf(serial), state, DeviceInfo.problemFor(serial, state),
                state == DeviceInfo.State.ONLINE ? facts.get(serial) : null);
    }

    private void update(IDevice d, DeviceEvent.Kind kind) {
        String serial = d.getSerialNumber();
        polledState.remove(serial); // ddmlib's event is newer than our last poll
        DeviceInfo.State state = DeviceInfo.State.of(d.getState());
        lastState.put(serial, state);
        publish(new DeviceEvent(kind, info(d)));
        if (state == DeviceInfo.State.ONLINE && !facts.containsKey(serial)) {
            probes.execute(() -> probe(serial));
        }
    }

    private void probe(String serial) {
        if (closed) {
            return;
        }
        try {
            Device dev = select(serial);
            facts(dev);
            DeviceInfo now = find(serial);
            if (now != null) {
                publish(new DeviceEvent(DeviceEvent.Kind.CHANGED, now));
            }
        } catch (BridgeException e) {
            // the device went away or is not usable; its state event says so
        }
    }

    private void publish(DeviceEvent e) {
        for (Consumer<DeviceEvent> l : listeners) {
            try {
                l.accept(e);
            } catch (RuntimeException ignored) {
                // one broken listener must not starve the others
            }
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops listening; the user's adb server keeps running. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        AndroidDebugBridge.removeDeviceChangeListener(ddmlibListener);
        poller.shutdownNow();
        probes.shutdownNow();
        if (relay != null) {
            // The relay's port is this bridge's alone: stop ddmlib's monitor first, so it does not
            // log reconnect errors against a relay that is gone.
            AdbServerConnector.release(port);
            relay.close();
        }
    }
}
