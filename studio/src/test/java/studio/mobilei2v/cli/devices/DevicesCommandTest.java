package studio.mobilei2v.cli.devices;

import studio.mobilei2v.inference.testing.Requirements;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import studio.mobilei2v.bridge.AdbLocator;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/**
 * {@code devices} against a private adb server with no devices (the device-bridge module's tests
 * cover listings with fake devices attached).
 */
class DevicesCommandTest {
    private static AdbLocator.Adb adb;
    private static int port;

    @BeforeAll
    static void privateServer() throws Exception {
        adb = Requirements.require(AdbLocator::locate, "adb (apt-get install adb)");
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        adbCommand("start-server");
    }

    @AfterAll
    static void stopServer() throws Exception {
        if (adb != null) {
            adbCommand("kill-server");
        }
    }

    private static void adbCommand(String what) throws Exception {
        Path home = Files.createTempDirectory("devices-cmd-adb-home");
        ProcessBuilder pb = new ProcessBuilder(adb.path().toString(), "-P", Integer.toString(port), what).redirectErrorStream(true);
        pb.environment().put("HOME", home.toString());
        Process p = pb.start();
        p.getInputStream().readAllBytes();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
    }

    private record Run(int code, String out, String err) {
    }

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = new CommandLine(new DevicesCommand());
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int code = cl.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void emptyListAsJsonAndAsTable() {
        Run json = run("--json", "--adb-port", Integer.toString(port), "--wait", "1");
        assertEquals(0, json.code(), json.err());
        assertEquals("[ ]", json.out().trim());
        Run table = run("--adb-port", Integer.toString(port), "--wait", "1");
        assertEquals(0, table.code(), table.err());
        assertTrue(table.out().contains("No devices"), table.out());
    }

    @Test
    void cleanNeedsAnAttachedDeviceAndAPlainSerial() {
        Run bad = run("--clean", "x;reboot", "--adb-port", Integer.toString(port));
        assertEquals(2, bad.code());
        assertTrue(bad.err().contains("not a device serial"), bad.err());
        Run missing = run("--clean", "nope:1", "--adb-port", Integer.toString(port), "--wait", "1");
        assertEquals(1, missing.code());
        assertTrue(missing.err().contains("nope:1"), missing.err());
    }
}
