package studio.mobilei2v.bridge;

import com.android.ddmlib.AdbInitOptions;
import com.android.ddmlib.AndroidDebugBridge;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Points ddmlib (one per process) at an adb server and waits for its first device list. A server
 * on this computer is started with {@code adb -P PORT start-server} when none runs; a remote one
 * must answer, and is reached through a loopback {@link AdbServerRelay} because ddmlib 32.5.1
 * only connects to 127.0.0.1.
 */
final class AdbServerConnector {
    private static final Object DDMLIB_LOCK = new Object();
    private static int ddmlibPort = -1;

    private AdbServerConnector() {
    }

    /** A server on another host: never started here. */
    static DeviceBridge remote(AdbServerAddress address) throws BridgeException {
        AdbSmartSocket.version(address);
        AdbServerRelay relay;
        try {
            relay = AdbServerRelay.start(address.socketAddress());
        } catch (IOException e) {
            throw new BridgeException("cannot open a loopback relay to the adb server at " + address + ": " + e.getMessage(), e);
        }
        try {
            return connectDdmlib(null, relay.localPort(), address, relay);
        } catch (BridgeException | RuntimeException e) {
            relay.close();
            throw e;
        }
    }

    /** A server on this computer: started with this adb if it is not running. */
    static DeviceBridge local(AdbLocator.Adb adb, int port, Map<String, String> extraEnv, AdbServerAddress address)
            throws BridgeException {
        startServer(adb, port, extraEnv);
        return connectDdmlib(adb, port, address, null);
    }

    private static DeviceBridge connectDdmlib(AdbLocator.Adb adb, int port, AdbServerAddress address, AdbServerRelay relay)
            throws BridgeException {
        synchronized (DDMLIB_LOCK) {
            if (ddmlibPort != port) {
                if (ddmlibPort != -1) {
                    AndroidDebugBridge.disconnectBridge(5, TimeUnit.SECONDS);
                    AndroidDebugBridge.terminate();
                }
                // No client (JDWP) support: we never debug apps, and it would open a
                // track-jdwp stream to every device for nothing.
                AndroidDebugBridge.init(AdbInitOptions.builder()
                        .setClientSupportEnabled(false)
                        .enableUserManagedAdbMode(port)
                        .build());
                ddmlibPort = port;
            }
            AndroidDebugBridge bridge = AndroidDebugBridge.getBridge();
            if (bridge == null) {
                bridge = AndroidDebugBridge.createBridge(20, TimeUnit.SECONDS);
            }
            // ddmlib connects its device monitor asynchronously: wait for the first device list.
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (bridge != null && !(bridge.isConnected() && bridge.hasInitialDeviceList()) && System.nanoTime() < end) {
                sleep(50);
            }
            if (bridge == null || !bridge.isConnected() || !bridge.hasInitialDeviceList()) {
                throw new BridgeException("could not connect to the adb server at " + address
                        + (adb == null ? "" : " (" + adb.path() + ")"));
            }
            return new DeviceBridge(adb, port, bridge, address, relay);
        }
    }

    private static void startServer(AdbLocator.Adb adb, int port, Map<String, String> extraEnv) throws BridgeException {
        try {
            ProcessBuilder pb = new ProcessBuilder(adb.path().toString(), "-P", Integer.toString(port), "start-server")
                    .redirectErrorStream(true);
            // -P names the server; adb would let ADB_SERVER_SOCKET override it.
            pb.environment().remove(AdbServerAddress.ENV_SOCKET);
            pb.environment().putAll(extraEnv);
            Process p = pb.start();
            p.getOutputStream().close();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                throw new BridgeException("'" + adb.path() + " -P " + port + " start-server' failed: " + out.trim());
            }
        } catch (IOException e) {
            throw new BridgeException("could not run " + adb.path() + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BridgeException("interrupted while starting the adb server");
        }
    }

    /** Stops ddmlib if it still talks to {@code port} (a closed relay's), so it logs no reconnect errors. */
    static void release(int port) {
        synchronized (DDMLIB_LOCK) {
            if (ddmlibPort == port) {
                AndroidDebugBridge.disconnectBridge(5, TimeUnit.SECONDS);
                AndroidDebugBridge.terminate();
                ddmlibPort = -1;
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
}
