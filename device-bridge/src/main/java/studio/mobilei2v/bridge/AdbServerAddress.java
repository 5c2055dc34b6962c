package studio.mobilei2v.bridge;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Map;

/**
 * Which adb server the bridge talks to, and where that choice came from (so an error can say
 * which setting to fix). In order: the user's explicit choice ({@code --adb-server HOST:PORT} or
 * the studio's setting), adb's own {@code ADB_SERVER_SOCKET=tcp:HOST:PORT}, then
 * {@code ANDROID_ADB_SERVER_PORT} on this computer, then 5037.
 *
 * <p>A server on this computer may be started ({@code adb start-server}) when none runs; a server
 * on another host ({@link #isRemote()}) never is: device farms (DeviceFarmer/STF, racks) run their
 * own, and an unreachable one is reported as such.
 *
 * @param host   host name or address as given
 * @param port   TCP port of the server
 * @param source where the address came from, e.g. "ADB_SERVER_SOCKET=tcp:10.0.0.5:5037"
 * @param remote true when the server is not on this computer: nothing is started, and device
 *               ports are reached through the server's transport instead of {@code adb forward}
 *               (a forward would listen on the server's host, not here)
 */
public record AdbServerAddress(String host, int port, String source, boolean remote) {

    public static final String ENV_SOCKET = "ADB_SERVER_SOCKET";
    public static final String ENV_PORT = "ANDROID_ADB_SERVER_PORT";

    public AdbServerAddress {
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("no host");
        }
        if (port <= 0 || port > 65535) {
            throw new IllegalArgumentException("port " + port + " is not a TCP port");
        }
    }

    /** A server on this computer on {@code port}. */
    public static AdbServerAddress local(int port, String source) {
        return new AdbServerAddress("127.0.0.1", port, source, false);
    }

    /**
     * The server to use: {@code explicit} ("HOST:PORT", "tcp:HOST:PORT" or a bare port) when given,
     * else the environment's {@code ADB_SERVER_SOCKET}, else {@code ANDROID_ADB_SERVER_PORT}, else 5037.
     *
     * @param explicitSource how the explicit value was given, e.g. "--adb-server"
     */
    public static AdbServerAddress resolve(String explicit, String explicitSource, Map<String, String> env)
            throws BridgeException {
        if (explicit != null && !explicit.isBlank()) {
            return parse(explicit.trim(), explicitSource + " " + explicit.trim());
        }
        String socket = env.get(ENV_SOCKET);
        if (socket != null && !socket.isBlank()) {
            String s = socket.trim();
            if (!s.startsWith("tcp:")) {
                throw new BridgeException(ENV_SOCKET + "='" + socket + "': only tcp:HOST:PORT (or tcp:PORT) is understood");
            }
            return parse(s, ENV_SOCKET + "=" + s);
        }
        return local(DeviceBridge.serverPort(env), env.get(ENV_PORT) == null || env.get(ENV_PORT).isBlank()
                ? "the default port " + DeviceBridge.DEFAULT_ADB_PORT : ENV_PORT + "=" + env.get(ENV_PORT).trim());
    }

    /** "HOST:PORT", "tcp:HOST:PORT", "[v6]:PORT", "tcp:PORT" or "PORT". */
    static AdbServerAddress parse(String text, String source) throws BridgeException {
        String s = text.startsWith("tcp:") ? text.substring(4) : text;
        String host = "127.0.0.1";
        String portText = s;
        int colon = s.lastIndexOf(':');
        if (colon >= 0) {
            host = s.substring(0, colon);
            portText = s.substring(colon + 1);
            if (host.startsWith("[") && host.endsWith("]")) {
                host = host.substring(1, host.length() - 1);
            }
        }
        if (host.isBlank() || !host.matches("[A-Za-z0-9._:%-]+")) {
            throw new BridgeException(source + ": '" + host + "' is not a host name or address (use HOST:PORT)");
        }
        int port;
        try {
            port = Integer.parseInt(portText);
        } catch (NumberFormatException e) {
            throw new BridgeException(source + ": '" + portText + "' is not a port number (use HOST:PORT)");
        }
        if (port <= 0 || port > 65535) {
            throw new BridgeException(source + ": " + port + " is not a TCP port (1 to 65535)");
        }
        return new AdbServerAddress(host, port, source, !isThisComputer(host));
    }

    /**
     * localhost, 127.0.0.1 and ::1, where adb's own server listens and ddmlib connects; anything
     * else (another loopback address, or an address of this machine's network card) is reached
     * like another host's server.
     */
    static boolean isThisComputer(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        return h.equals("localhost") || h.equals("127.0.0.1") || h.equals("::1") || h.equals("0:0:0:0:0:0:0:1");
    }

    /** The same server treated as another host's (tests use it to exercise the remote path on loopback). */
    public AdbServerAddress asRemote() {
        return new AdbServerAddress(host, port, source, true);
    }

    public InetSocketAddress socketAddress() throws BridgeException {
        try {
            return new InetSocketAddress(InetAddress.getByName(host), port);
        } catch (UnknownHostException e) {
            throw new BridgeException("the adb server " + this + " cannot be reached: unknown host " + host);
        }
    }

    @Override
    public String toString() {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port + " (" + source + ")";
    }
}
