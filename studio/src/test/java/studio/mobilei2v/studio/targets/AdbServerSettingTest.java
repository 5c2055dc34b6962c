package studio.mobilei2v.studio.targets;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import studio.mobilei2v.bridge.AdbServerAddress;
import studio.mobilei2v.bridge.BridgeException;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/** The studio's adb server setting: adb's own rules when empty, a named server when set, bad values refused. */
class AdbServerSettingTest {

    @Test
    void emptyFollowsAdbsOwnRules(@TempDir Path dir) throws Exception {
        AdbServerSetting none = AdbServerSetting.load(dir.resolve("devices.json"), Map.of());
        assertEquals("", none.value());
        assertEquals(5037, none.address().port());
        assertFalse(none.address().remote());
        AdbServerSetting env = AdbServerSetting.load(dir.resolve("devices.json"), Map.of("ADB_SERVER_SOCKET", "tcp:10.1.2.3:6000"));
        AdbServerAddress a = env.address();
        assertEquals("10.1.2.3", a.host());
        assertEquals(6000, a.port());
        assertTrue(a.remote());
    }

    @Test
    void aNamedServerIsKeptAndWinsOverTheEnvironment(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("devices.json");
        Map<String, String> env = Map.of("ADB_SERVER_SOCKET", "tcp:10.1.2.3:6000");
        AdbServerSetting s = AdbServerSetting.load(file, env);
        AdbServerAddress a = s.set(" rack.lab:7401 ");
        assertEquals("rack.lab", a.host());
        assertEquals(7401, a.port());
        assertTrue(a.toString().contains(AdbServerSetting.SOURCE), a.toString());
        AdbServerSetting again = AdbServerSetting.load(file, env);
        assertEquals("rack.lab:7401", again.value(), "kept across restarts");
        assertEquals(7401, again.address().port());
        again.set("");
        assertEquals(6000, AdbServerSetting.load(file, env).address().port(), "empty again: the environment's");
    }

    @Test
    void aBadValueIsRefusedAndChangesNothing(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("devices.json");
        AdbServerSetting s = AdbServerSetting.load(file, Map.of());
        s.set("127.0.0.1:5555");
        BridgeException e = assertThrows(BridgeException.class, () -> s.set("rack.lab:notaport"));
        assertTrue(e.getMessage().contains("notaport"), e.getMessage());
        assertEquals("127.0.0.1:5555", s.value());
        assertEquals("127.0.0.1:5555", AdbServerSetting.load(file, Map.of()).value());
    }

    @Test
    void aDamagedFileMeansAdbsOwnRules(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("devices.json");
        Files.writeString(file, "{ not json");
        assertEquals("", AdbServerSetting.load(file, Map.of()).value());
    }
}
