package studio.mobilei2v.bridge;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import static studio.mobilei2v.inference.io.Closeables.closeQuietly;

/**
 * A loopback port that relays every connection to an adb server on another host. ddmlib 32.5.1
 * only ever connects to 127.0.0.1 (or ::1) on its port, so a remote server (a device farm's) is
 * made to look local to it; the bytes pass unchanged, so everything ddmlib does (device list,
 * shell, sync) is the remote server's. Closing the relay closes every relayed connection.
 */
final class AdbServerRelay implements AutoCloseable {
    private final InetSocketAddress target;
    private final ServerSocket listener;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    private AdbServerRelay(InetSocketAddress target, ServerSocket listener) {
        this.target = target;
        this.listener = listener;
    }

    static AdbServerRelay start(InetSocketAddress target) throws IOException {
        ServerSocket l = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        AdbServerRelay relay = new AdbServerRelay(target, l);
        Thread t = new Thread(relay::acceptLoop, "mobilei2v-adb-relay-" + l.getLocalPort());
        t.setDaemon(true);
        t.start();
        return relay;
    }

    /** The loopback port that ddmlib is pointed at. */
    int localPort() {
        return listener.getLocalPort();
    }

    private void acceptLoop() {
        while (!closed) {
            Socket client;
            try {
                client = listener.accept();
            } catch (IOException e) {
                return; // closed
            }
            Socket upstream = new Socket();
            try {
                upstream.connect(target, 5000);
                upstream.setTcpNoDelay(true);
                client.setTcpNoDelay(true);
            } catch (IOException e) {
                closeQuietly(client);
                closeQuietly(upstream);
                continue; // ddmlib sees a closed connection, as with a server that went away
            }
            open.add(client);
            open.add(upstream);
            pump(client, upstream, "up");
            pump(upstream, client, "down");
        }
    }

    private void pump(Socket from, Socket to, String direction) {
        Thread t = new Thread(() -> {
            byte[] buf = new byte[64 * 1024];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                int n;
                while ((n = in.read(buf)) >= 0) {
                    out.write(buf, 0, n);
                    out.flush();
                }
            } catch (IOException ignored) {
                // one side closed: close both below
            } finally {
                closeQuietly(from);
                closeQuietly(to);
                open.remove(from);
                open.remove(to);
            }
        }, "mobilei2v-adb-relay-" + direction);
        t.setDaemon(true);
        t.start();
    }

    @Override
    public void close() {
        closed = true;
        try {
            listener.close();
        } catch (IOException ignored) {
            // closing
        }
        for (Socket s : open) {
            closeQuietly(s);
        }
        open.clear();
    }
}
