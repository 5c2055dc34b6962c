package studio.mobilei2v.bridge;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import studio.mobilei2v.bridge.fixture.FakeAdbDaemon;
import studio.mobilei2v.bridge.fixture.FakeDeviceOptions;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/** What {@code devices [--json]} prints, for a phone, a Linux board and a locked phone at once. */
@ExtendWith(BridgeFixturesExtension.class)
class DeviceListingTest {
    private final BridgeFixtures fx;

    DeviceListingTest(BridgeFixtures fx) {
        this.fx = fx;
    }

    @Test
    void jsonAndTableListEveryDeviceWithItsStateAndFacts() throws Exception {
        FakeAdbDaemon phone = fx.attach("phone", FakeDeviceOptions.android());
        FakeAdbDaemon board = fx.attach("board", FakeDeviceOptions.linux());
        FakeAdbDaemon locked = fx.attachExpectingTrouble("locked", FakeDeviceOptions.android().auth(FakeDeviceOptions.Auth.NEVER_AUTHORIZED));
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while ((fx.bridge().find(locked.serial()) == null || fx.bridge().find(locked.serial()).state() != DeviceInfo.State.UNAUTHORIZED)
                && System.nanoTime() < end) {
            Thread.sleep(50);
        }
        var devices = DeviceListing.settle(fx.bridge(), 10);
        JsonNode json = new ObjectMapper().readTree(DeviceListing.json(devices));
        Map<String, JsonNode> bySerial = new HashMap<>();
        json.forEach(n -> bySerial.put(n.get("serial").asText(), n));
        JsonNode p = bySerial.get(phone.serial());
        assertEquals("tcpip", p.get("link").asText());
        assertEquals("online", p.get("state").asText());
        assertEquals("Fixture Phone 9", p.at("/facts/model").asText());
        assertEquals("Qualcomm SM8650", p.at("/facts/soc").asText());
        assertEquals(31.2, p.at("/facts/batteryTempCelsius").asDouble(), 1e-9);
        assertEquals("none", p.at("/facts/thermalStatus").asText());
        JsonNode b = bySerial.get(board.serial());
        assertEquals("linux", b.at("/facts/os").asText());
        assertTrue(b.at("/facts/ramBytes").asLong() > 0);
        JsonNode l = bySerial.get(locked.serial());
        assertEquals("unauthorized", l.get("state").asText());
        assertFalse(l.get("usable").asBoolean());
        assertTrue(l.get("facts").isNull());
        assertTrue(l.get("problem").asText().contains("Allow USB debugging"));

        String table = DeviceListing.table(devices);
        assertTrue(table.contains(phone.serial()) && table.contains("Fixturecorp Fixture Phone 9"), table);
        assertTrue(table.contains("unauthorized"), table);
        assertTrue(table.contains("Several devices"), table);
    }
}
