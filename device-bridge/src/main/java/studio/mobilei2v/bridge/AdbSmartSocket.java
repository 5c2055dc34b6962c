package studio.mobilei2v.bridge;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The client half of adb's "smart socket" protocol (a 4-hex-digit length, the request, then
 * OKAY/FAIL and a length-prefixed answer), for what ddmlib cannot do for us: ask whether a server
 * that is not on this computer answers at all ({@code host:version}); open a stream to a port on
 * a device through the server's own transport ({@code host:transport:SERIAL} then
 * {@code tcp:PORT} or {@code localabstract:NAME}), which is what {@code adb forward} does inside
 * the server, minus the listening port on the server's host; and poll the server's own device
 * list ({@code host:devices}) where ddmlib's tracked state lags.
 */
public final class AdbSmartSocket {
    private static final int CONNECT_TIMEOUT_MS = 5000;

    private AdbSmartSocket() {
    }

    /** The server's protocol version ({@code host:version}); fails naming the address when it does not answer. */
    public static int version(AdbServerAddress server) throws BridgeException {
        try (Socket s = connect(server.socketAddress())) {
            request(s, "host:version");
            String hex = readLengthPrefixed(new DataInputStream(s.getInputStream()));
            return Integer.parseInt(hex.trim(), 16);
        } catch (IOException | NumberFormatException e) {
            throw unreachable(server, e);
        }
    }

    /**
     * A stream to {@code service} (e.g. "tcp:40123", "localabstract:NAME") on device {@code serial},
     * carried by the server's transport. The caller owns (and closes) the socket.
     */
    public static Socket openDeviceService(InetSocketAddress server, String serial, String service) throws IOException {
        Socket s = connect(server);
        try {
            request(s, "host:transport:" + serial);
            request(s, service);
            s.setSoTimeout(0);
            return s;
        } catch (IOException | RuntimeException e) {
            s.close();
            throw e;
        }
    }

    /**
     * The server's own device list ({@code host:devices}): serial to state ("device", "offline",
     * "unauthorized", ...). DeviceBridge polls it to refine states because adb's track-devices
     * stream does not announce every change (adb 29 reports a TCP device going from offline to
     * unauthorized only to polling clients).
     */
    static Map<String, String> hostDevices(int port) throws IOException {
        try (Socket s = connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port))) {
            request(s, "host:devices");
            String text = readLengthPrefixed(new DataInputStream(s.getInputStream()));
            Map<String, String> states = new LinkedHashMap<>();
            for (String line : text.split("\n")) {
                String[] cols = line.split("\t");
                if (cols.length >= 2) {
                    states.put(cols[0], cols[1].trim());
                }
            }
            return states;
        }
    }

    static BridgeException unreachable(AdbServerAddress server, Exception e) {
        String how = server.remote()
                ? " The studio never starts an adb server on another host: start it there (e.g. 'adb -a -P "
                + server.port() + " server nodaemon', or the device farm's own), and check that port "
                + server.port() + " is open from this computer."
                : "";
        return new BridgeException("the adb server at " + server + " cannot be reached: " + e.getMessage() + "." + how, e);
    }

    private static Socket connect(InetSocketAddress address) throws IOException {
        Socket s = new Socket();
        try {
            s.connect(address, CONNECT_TIMEOUT_MS);
            s.setSoTimeout(10_000);
            s.setTcpNoDelay(true);
            return s;
        } catch (IOException e) {
            s.close();
            throw e;
        }
    }

    /** Sends one request and reads OKAY, or throws with the server's FAIL text. */
    private static void request(Socket s, String req) throws IOException {
        OutputStream out = s.getOutputStream();
        out.write(String.format("%04x%s", req.length(), req).getBytes(StandardCharsets.US_ASCII));
        out.flush();
        DataInputStream in = new DataInputStream(s.getInputStream());
        byte[] status = new byte[4];
        in.readFully(status);
        String st = new String(status, StandardCharsets.US_ASCII);
        if (st.equals("OKAY")) {
            return;
        }
        if (st.equals("FAIL")) {
            throw new IOException("adb server refused '" + req + "': " + readLengthPrefixed(in));
        }
        throw new IOException("adb server answered '" + st + "' to '" + req + "': not an adb server?");
    }

    private static String readLengthPrefixed(DataInputStream in) throws IOException {
        byte[] lenHex = new byte[4];
        in.readFully(lenHex);
        int len = Integer.parseInt(new String(lenHex, StandardCharsets.US_ASCII), 16);
        byte[] body = new byte[len];
        in.readFully(body);
        return new String(body, StandardCharsets.UTF_8);
    }
}
