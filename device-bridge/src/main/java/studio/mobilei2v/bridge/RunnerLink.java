package studio.mobilei2v.bridge;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;

/**
 * The socket from the host to the runner on a device. With an adb server on this computer it is
 * an {@code adb forward tcp:N <runner address>} and a connection to 127.0.0.1:N (as scrcpy does);
 * with a server on another host (a device farm) a forward would listen on that host, so the
 * stream is opened through the server's transport instead. Closing removes the forward.
 */
final class RunnerLink implements AutoCloseable {
    private final Device device;
    private final Socket socket;
    /** The forward's local port, or -1 when the stream goes through the server. */
    private final int localPort;

    private RunnerLink(Device device, Socket socket, int localPort) {
        this.device = device;
        this.socket = socket;
        this.localPort = localPort;
    }

    /**
     * @param announced what the runner printed it listens on ("tcp:PORT" or "localabstract:NAME")
     * @param requested what it was asked to listen on (the announced address must match its kind)
     */
    static RunnerLink open(Device device, String announced, String requested) throws BridgeException, IOException {
        boolean tcp = announced.matches("tcp:\\d{1,5}") && requested.startsWith("tcp:");
        boolean abstractName = announced.equals(requested) && requested.startsWith("localabstract:");
        if (!tcp && !abstractName) {
            throw new BridgeException("the runner announced an address the bridge cannot reach: " + announced);
        }
        if (device.reachedThroughServer()) {
            return new RunnerLink(device, device.openService(announced), -1);
        }
        int port = freePort();
        if (tcp) {
            device.forward(port, Integer.parseInt(announced.substring(4)));
        } else {
            device.forwardAbstract(port, announced.substring("localabstract:".length()));
        }
        try {
            return new RunnerLink(device, new Socket(InetAddress.getLoopbackAddress(), port), port);
        } catch (IOException e) {
            device.removeForward(port);
            throw e;
        }
    }

    Socket socket() {
        return socket;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing
        }
        if (localPort > 0) {
            device.removeForward(localPort);
        }
    }
}
