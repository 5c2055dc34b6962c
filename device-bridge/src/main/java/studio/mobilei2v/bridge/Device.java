package studio.mobilei2v.bridge;

import com.android.ddmlib.AdbCommandRejectedException;
import com.android.ddmlib.IDevice;
import com.android.ddmlib.IShellOutputReceiver;
import com.android.ddmlib.ShellCommandUnresponsiveException;
import com.android.ddmlib.SyncException;
import com.android.ddmlib.SyncService;
import com.android.ddmlib.TimeoutException;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Operations on one attached device by serial. Each call looks the device up again, so a device
 * that was unplugged fails with a message naming it rather than with a stale handle.
 */
public final class Device {
    /** Marks the exit status in v1 shell output, which has no exit packet. */
    private static final String EXIT_MARK = "@@mobilei2v-exit:";

    private final String serial;
    private final Supplier<IDevice> lookup;
    private final Supplier<String> serverState;
    /** Non-null for a remote adb server: device ports are opened through its transport, not forwarded. */
    private final Supplier<java.net.InetSocketAddress> directServer;

    /**
     * @param directServer for a remote adb server, where to open device streams (see
     *                     {@link #openService}); null for a server on this computer
     * @param serverState  the adb server's own state word for this serial (null when not listed)
     */
    Device(String serial, Supplier<java.net.InetSocketAddress> directServer, Supplier<IDevice> lookup, Supplier<String> serverState) {
        this.serial = serial;
        this.directServer = directServer;
        this.lookup = lookup;
        this.serverState = serverState;
    }

    /**
     * True when the adb server is on another host: an {@code adb forward} would listen there, so
     * device ports are reached with {@link #openService} instead.
     */
    public boolean reachedThroughServer() {
        return directServer != null;
    }

    /**
     * A stream to {@code service} ("tcp:PORT", "localabstract:NAME") on this device through the adb
     * server's transport; what a forward does inside the server, without a port on its host.
     */
    public java.net.Socket openService(String service) throws BridgeException {
        java.net.InetSocketAddress server = directServer != null ? directServer.get() : null;
        if (server == null) {
            throw new IllegalStateException("openService is for a remote adb server; use forward() on this computer's");
        }
        try {
            return AdbSmartSocket.openDeviceService(server, serial, service);
        } catch (IOException e) {
            throw failure("opening " + service + " through the adb server failed", e);
        }
    }

    public String serial() {
        return serial;
    }

    IDevice raw() throws DeviceGoneException {
        IDevice d = lookup.get();
        if (d == null || !d.isOnline()) {
            throw new DeviceGoneException(serial, d == null ? "it is no longer attached" : "it is " + DeviceInfo.State.of(d.getState()).name().toLowerCase());
        }
        return d;
    }

    /** Online for ddmlib and for the adb server itself (whose track stream misses some changes). */
    public boolean isAttached() {
        IDevice d = lookup.get();
        return d != null && d.isOnline() && "device".equals(serverState.get());
    }

    /** Runs a command and waits for it; {@code quietSeconds} bounds the time without any output. */
    public ShellResult shell(ShellCommand command, long quietSeconds) throws BridgeException {
        String line = command.grouped().render() + "; echo \"" + EXIT_MARK + "$?\"";
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        IShellOutputReceiver receiver = new IShellOutputReceiver() {
            @Override
            public void addOutput(byte[] data, int offset, int length) {
                out.write(data, offset, length);
            }

            @Override
            public void flush() {
            }

            @Override
            public boolean isCancelled() {
                return false;
            }
        };
        try {
            raw().executeShellCommand(line, receiver, quietSeconds, TimeUnit.SECONDS, null);
        } catch (ShellCommandUnresponsiveException e) {
            throw new BridgeException("device " + serial + ": no answer for " + quietSeconds + " s from: " + command);
        } catch (TimeoutException | AdbCommandRejectedException | IOException e) {
            throw failure("shell command failed", e);
        }
        String text = out.toString(StandardCharsets.UTF_8);
        int at = text.lastIndexOf(EXIT_MARK);
        if (at < 0) {
            throw new DeviceGoneException(serial, "the shell ended before the command finished");
        }
        String code = text.substring(at + EXIT_MARK.length()).trim();
        String body = text.substring(0, at).replace("\r\n", "\n");
        try {
            return new ShellResult(Integer.parseInt(code), body);
        } catch (NumberFormatException e) {
            throw new BridgeException("device " + serial + ": unreadable exit status '" + code + "'");
        }
    }

    /** Like {@link #shell} but a non-zero exit is an error that quotes the output. */
    public String shellOk(ShellCommand command, long quietSeconds, String what) throws BridgeException {
        ShellResult r = shell(command, quietSeconds);
        if (!r.ok()) {
            throw new BridgeException("device " + serial + ": " + what + " failed (exit " + r.exitCode() + "): " + r.output().trim());
        }
        return r.output();
    }

    /**
     * Starts a long-running command; each output line goes to {@code lines} on a background
     * thread. Stopping the handle closes the shell stream, which hangs up the command on the device.
     */
    public RunningCommand start(ShellCommand command, Consumer<String> lines, Consumer<Throwable> ended) throws BridgeException {
        IDevice d = raw();
        AtomicBoolean stop = new AtomicBoolean();
        StringBuilder partial = new StringBuilder();
        IShellOutputReceiver receiver = new IShellOutputReceiver() {
            @Override
            public void addOutput(byte[] data, int offset, int length) {
                partial.append(new String(data, offset, length, StandardCharsets.UTF_8));
                int nl;
                while ((nl = partial.indexOf("\n")) >= 0) {
                    lines.accept(partial.substring(0, nl).replace("\r", ""));
                    partial.delete(0, nl + 1);
                }
            }

            @Override
            public void flush() {
                if (partial.length() > 0) {
                    lines.accept(partial.toString());
                    partial.setLength(0);
                }
            }

            @Override
            public boolean isCancelled() {
                return stop.get();
            }
        };
        Thread t = new Thread(() -> {
            Throwable failure = null;
            try {
                d.executeShellCommand(command.render(), receiver, 0, TimeUnit.SECONDS, null);
            } catch (Exception e) {
                failure = e;
            }
            ended.accept(failure);
        }, "mobilei2v-device-shell-" + serial);
        t.setDaemon(true);
        t.start();
        return new RunningCommand(stop, t);
    }

    /** A command started with {@link #start}. */
    public static final class RunningCommand implements AutoCloseable {
        private final AtomicBoolean stop;
        private final Thread thread;

        RunningCommand(AtomicBoolean stop, Thread thread) {
            this.stop = stop;
            this.thread = thread;
        }

        public boolean isRunning() {
            return thread.isAlive();
        }

        @Override
        public void close() {
            stop.set(true);
            try {
                thread.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Pushes one file with the sync protocol (no checks; see {@link ContentStore} for the safe push). */
    public void pushRaw(Path local, String remote, SyncService.ISyncProgressMonitor monitor) throws BridgeException {
        try (SyncService sync = raw().getSyncService()) {
            if (sync == null) {
                throw new BridgeException("device " + serial + ": could not open a sync connection");
            }
            sync.pushFile(local.toString(), remote, monitor == null ? SyncService.getNullProgressMonitor() : monitor);
        } catch (SyncException | TimeoutException | AdbCommandRejectedException | IOException e) {
            throw failure("push of " + local.getFileName() + " failed", e);
        }
    }

    public void forward(int localPort, int devicePort) throws BridgeException {
        try {
            raw().createForward(localPort, devicePort);
        } catch (TimeoutException | AdbCommandRejectedException | IOException e) {
            throw failure("adb forward tcp:" + localPort + " tcp:" + devicePort + " failed", e);
        }
    }

    public void forwardAbstract(int localPort, String name) throws BridgeException {
        try {
            raw().createForward(localPort, name, IDevice.DeviceUnixSocketNamespace.ABSTRACT);
        } catch (TimeoutException | AdbCommandRejectedException | IOException e) {
            throw failure("adb forward tcp:" + localPort + " localabstract:" + name + " failed", e);
        }
    }

    /** Removes a forward; quiet when the device is gone (the server dropped it then anyway). */
    public void removeForward(int localPort) {
        IDevice d = lookup.get();
        if (d == null) {
            return;
        }
        try {
            d.removeForward(localPort);
        } catch (Exception ignored) {
            // device gone or forward already removed
        }
    }

    private BridgeException failure(String what, Exception e) {
        // A transfer that broke is usually a device that went away; ddmlib hears of it a moment
        // after the socket died, so give it that moment before blaming anything else.
        long end = System.nanoTime() + 3_000_000_000L;
        while (isAttached() && System.nanoTime() < end) {
            try {
                Thread.sleep(100);
            } catch (InterruptedException ie) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        if (!isAttached()) {
            return new DeviceGoneException(serial, what + " because the device went away (" + e.getMessage() + ")");
        }
        return new BridgeException("device " + serial + ": " + what + ": " + e.getMessage(), e);
    }
}
