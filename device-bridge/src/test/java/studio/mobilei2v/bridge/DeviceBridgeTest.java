package studio.mobilei2v.bridge;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import studio.mobilei2v.bridge.fixture.FakeAdbDaemon;
import studio.mobilei2v.bridge.fixture.FakeDeviceOptions;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/** Discovery through ddmlib and the real adb server: events, facts, and the states a user must act on. */
@ExtendWith(BridgeFixturesExtension.class)
class DeviceBridgeTest {
    private final BridgeFixtures fx;

    DeviceBridgeTest(BridgeFixtures fx) {
        this.fx = fx;
    }

    @Test
    void attachAndDetachArriveAsEvents() throws Exception {
        List<DeviceEvent> events = new CopyOnWriteArrayList<>();
        fx.bridge().addListener(events::add);
        FakeAdbDaemon d = fx.attach("board", FakeDeviceOptions.linux());
        assertTrue(events.stream().anyMatch(e -> e.kind() == DeviceEvent.Kind.ATTACHED && e.device().serial().equals(d.serial())), events.toString());
        DeviceInfo info = fx.bridge().find(d.serial());
        assertEquals(DeviceInfo.Link.TCPIP, info.link());
        assertEquals(DeviceInfo.State.ONLINE, info.state());
        fx.adb().disconnect(d.serial());
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (fx.bridge().find(d.serial()) != null && System.nanoTime() < end) {
            Thread.sleep(50);
        }
        assertNull(fx.bridge().find(d.serial()));
        assertTrue(events.stream().anyMatch(e -> e.kind() == DeviceEvent.Kind.DETACHED && e.device().serial().equals(d.serial())), events.toString());
    }

    @Test
    void linuxDeviceReportsUnameAndProcFacts() throws Exception {
        FakeAdbDaemon d = fx.attach("board", FakeDeviceOptions.linux());
        DeviceFacts f = fx.bridge().find(d.serial()).facts();
        assertEquals("linux", f.os());
        assertEquals(System.getProperty("os.arch").equals("amd64") ? "x86_64" : System.getProperty("os.arch"), f.abi());
        assertTrue(f.osVersion().startsWith("Linux "), f.osVersion());
        assertNotNull(f.ramBytes());
        assertTrue(f.ramBytes() > 100L * 1024 * 1024, "MemTotal " + f.ramBytes());
        assertTrue(f.hasJava(), "java should be on the fixture device's PATH");
        assertNull(f.batteryTempCelsius());
    }

    @Test
    void androidDeviceReportsGetpropAndDumpsysFacts() throws Exception {
        FakeAdbDaemon d = fx.attach("phone", FakeDeviceOptions.android().thermal(2, "387"));
        DeviceFacts f = fx.bridge().find(d.serial()).facts();
        assertEquals("android", f.os());
        assertEquals("Fixture Phone 9", f.model());
        assertEquals("Fixturecorp", f.manufacturer());
        assertEquals("Qualcomm SM8650", f.soc());
        assertEquals("arm64-v8a", f.abi());
        assertEquals("Android 14 (API 34)", f.osVersion());
        assertEquals(38.7, f.batteryTempCelsius(), 1e-9);
        assertEquals("moderate", f.thermalStatus());
    }

    @Test
    void unauthorizedAndOfflineAreExplicitAndRefused() throws Exception {
        FakeAdbDaemon locked = fx.attachExpectingTrouble("locked", FakeDeviceOptions.linux().auth(FakeDeviceOptions.Auth.NEVER_AUTHORIZED));
        FakeAdbDaemon dead = fx.attachExpectingTrouble("dead", FakeDeviceOptions.linux().offline(true));
        awaitState(locked.serial(), DeviceInfo.State.UNAUTHORIZED);
        awaitState(dead.serial(), DeviceInfo.State.OFFLINE);
        BridgeException e1 = assertThrows(BridgeException.class, () -> fx.bridge().select(locked.serial()));
        assertTrue(e1.getMessage().contains("unauthorized") && e1.getMessage().contains("Allow USB debugging"), e1.getMessage());
        BridgeException e2 = assertThrows(BridgeException.class, () -> fx.bridge().select(dead.serial()));
        assertTrue(e2.getMessage().contains("offline"), e2.getMessage());
        assertNull(fx.bridge().find(locked.serial()).facts());
    }

    @Test
    void severalDevicesNeedASerial() throws Exception {
        FakeAdbDaemon a = fx.attach("a", FakeDeviceOptions.linux());
        FakeAdbDaemon b = fx.attach("b", FakeDeviceOptions.android());
        BridgeException e = assertThrows(BridgeException.class, () -> fx.bridge().select(null));
        assertTrue(e.getMessage().contains("several devices") && e.getMessage().contains(a.serial())
                && e.getMessage().contains(b.serial()), e.getMessage());
        assertEquals(b.serial(), fx.bridge().select(b.serial()).serial());
        BridgeException missing = assertThrows(BridgeException.class, () -> fx.bridge().select("nope:1"));
        assertTrue(missing.getMessage().contains("no device nope:1"), missing.getMessage());
    }

    private void awaitState(String serial, DeviceInfo.State state) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        DeviceInfo last = null;
        while (System.nanoTime() < end) {
            last = fx.bridge().find(serial);
            if (last != null && last.state() == state) {
                return;
            }
            Thread.sleep(50);
        }
        fail(serial + " never became " + state + "; last " + last);
    }
}
