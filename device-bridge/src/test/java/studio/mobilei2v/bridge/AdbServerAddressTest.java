package studio.mobilei2v.bridge;

import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/** Which adb server is meant, and what is said when it cannot be reached. No adb needed. */
class AdbServerAddressTest {

    @Test
    void anExplicitServerWinsOverTheEnvironmentWhichWinsOverThePort() throws Exception {
        Map<String, String> env = Map.of("ADB_SERVER_SOCKET", "tcp:farm.example:7000", "ANDROID_ADB_SERVER_PORT", "6000");
        AdbServerAddress explicit = AdbServerAddress.resolve("rack-3:5555", "--adb-server", env);
        assertEquals("rack-3", explicit.host());
        assertEquals(5555, explicit.port());
        assertTrue(explicit.remote());
        assertTrue(explicit.source().contains("--adb-server"), explicit.source());

        AdbServerAddress socket = AdbServerAddress.resolve(null, null, env);
        assertEquals("farm.example", socket.host());
        assertEquals(7000, socket.port());
        assertTrue(socket.remote());
        assertEquals("ADB_SERVER_SOCKET=tcp:farm.example:7000", socket.source());

        AdbServerAddress port = AdbServerAddress.resolve(null, null, Map.of("ANDROID_ADB_SERVER_PORT", "6000"));
        assertEquals(6000, port.port());
        assertFalse(port.remote());
        assertEquals(5037, AdbServerAddress.resolve(" ", "--adb-server", Map.of()).port());
    }

    @Test
    void loopbackNamesAreThisComputerAndEverythingElseIsRemote() throws Exception {
        assertFalse(AdbServerAddress.resolve(null, null, Map.of("ADB_SERVER_SOCKET", "tcp:127.0.0.1:15037")).remote());
        assertFalse(AdbServerAddress.resolve(null, null, Map.of("ADB_SERVER_SOCKET", "tcp:localhost:15037")).remote());
        assertFalse(AdbServerAddress.resolve(null, null, Map.of("ADB_SERVER_SOCKET", "tcp:15037")).remote());
        assertFalse(AdbServerAddress.resolve("[::1]:15037", "--adb-server", Map.of()).remote());
        assertEquals("::1", AdbServerAddress.resolve("[::1]:15037", "--adb-server", Map.of()).host());
        assertTrue(AdbServerAddress.resolve("10.1.2.3:5037", "--adb-server", Map.of()).remote());
        assertTrue(AdbServerAddress.resolve("127.0.0.2:5037", "--adb-server", Map.of()).remote());
    }

    @Test
    void badValuesNameTheSettingTheyCameFrom() {
        BridgeException e = assertThrows(BridgeException.class, () -> AdbServerAddress.resolve(null, null,
                Map.of("ADB_SERVER_SOCKET", "localfilesystem:/tmp/adb")));
        assertTrue(e.getMessage().startsWith("ADB_SERVER_SOCKET='localfilesystem:/tmp/adb'"), e.getMessage());
        e = assertThrows(BridgeException.class, () -> AdbServerAddress.resolve("farm:http", "--adb-server", Map.of()));
        assertTrue(e.getMessage().contains("--adb-server farm:http") && e.getMessage().contains("'http' is not a port"), e.getMessage());
        e = assertThrows(BridgeException.class, () -> AdbServerAddress.resolve("farm:70000", "--adb-server", Map.of()));
        assertTrue(e.getMessage().contains("70000 is not a TCP port"), e.getMessage());
        e = assertThrows(BridgeException.class, () -> AdbServerAddress.resolve("a;b:5037", "--adb-server", Map.of()));
        assertTrue(e.getMessage().contains("not a host name"), e.getMessage());
        e = assertThrows(BridgeException.class, () -> AdbServerAddress.resolve(null, null, Map.of("ANDROID_ADB_SERVER_PORT", "x")));
        assertTrue(e.getMessage().contains("ANDROID_ADB_SERVER_PORT='x'"), e.getMessage());
    }

    @Test
    void anUnreachableRemoteServerIsReportedAndNothingIsStartedForIt() throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = s.getLocalPort();
        }
        AdbServerAddress remote = AdbServerAddress.resolve("127.0.0.1:" + closed, "--adb-server", Map.of()).asRemote();
        BridgeException e = assertThrows(BridgeException.class, () -> DeviceBridge.open(remote));
        assertTrue(e.getMessage().contains("cannot be reached"), e.getMessage());
        assertTrue(e.getMessage().contains("127.0.0.1:" + closed + " (--adb-server 127.0.0.1:" + closed + ")"), e.getMessage());
        assertTrue(e.getMessage().contains("never starts an adb server on another host"), e.getMessage());
        assertThrows(java.io.IOException.class, () -> new Socket(InetAddress.getLoopbackAddress(), closed).close(),
                "no server was started on that port");
    }

    @Test
    void somethingThatIsNotAnAdbServerIsSaidToBeSo() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Thread t = new Thread(() -> {
                try (Socket c = s.accept()) {
                    c.getOutputStream().write("HTTP/1.1 400 Bad Request\r\n\r\n".getBytes());
                } catch (Exception ignored) {
                    // test server
                }
            });
            t.start();
            AdbServerAddress remote = AdbServerAddress.resolve("127.0.0.1:" + s.getLocalPort(), "--adb-server", Map.of()).asRemote();
            BridgeException e = assertThrows(BridgeException.class, () -> DeviceBridge.open(remote));
            assertTrue(e.getMessage().contains("not an adb server?"), e.getMessage());
            t.join();
        }
    }
}
