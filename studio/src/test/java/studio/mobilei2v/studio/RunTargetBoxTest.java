package studio.mobilei2v.studio;

import javafx.scene.control.ComboBox;
import javafx.scene.control.ListCell;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;
import studio.mobilei2v.bridge.DeviceFacts;
import studio.mobilei2v.bridge.DeviceInfo;
import studio.mobilei2v.studio.app.StudioController;
import studio.mobilei2v.studio.engine.StudioGenerators;
import studio.mobilei2v.studio.store.StudioPaths;
import studio.mobilei2v.studio.targets.DeviceNames;
import studio.mobilei2v.studio.targets.DeviceSource;
import studio.mobilei2v.studio.targets.RunTarget;

import java.nio.file.Files;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;
import static studio.mobilei2v.studio.StudioUi.onFx;

/**
 * Issue 11, items 3 and 4: the "Run on" box always names where runs go, whatever the device list
 * does, and devices are named by what they reported (never "null"), RAM in GiB like the CLI.
 */
@ExtendWith(ApplicationExtension.class)
class RunTargetBoxTest {
    private final FakeDevices devices = new FakeDevices();
    private StudioController studio;

    @BeforeAll
    static void isolate() throws Exception {
        System.setProperty("headless.geometry", "1600x1000-32");
        System.setProperty(StudioPaths.CONFIG_PROPERTY, Files.createTempDirectory("mobilei2v-target-test").toString());
    }

    @Start
    void start(Stage stage) {
        studio = StudioUi.show(stage, new StudioController(new StudioGenerators(), devices));
    }

    @AfterEach
    void close() throws Exception {
        // on the FX thread, as the app's stop(): the studio's timers (the session save) run there
        if (studio != null) StudioUi.onFx(() -> { studio.close(); return null; });
    }

    private static DeviceInfo board(String serial, String model, Long ram) {
        return new DeviceInfo(serial, DeviceInfo.Link.TCPIP, DeviceInfo.State.ONLINE, null,
                new DeviceFacts("linux", "Debian 12", model, null, "Cortex-A76", "arm64-v8a", ram, null, null, true, null, null));
    }

    private String boxText(FxRobot robot) throws Exception {
        WaitForAsyncUtils.waitForFxEvents();
        return onFx(() -> {
            ComboBox<?> box = robot.lookup("#targetPicker").queryAs(ComboBox.class);
            // the node the closed box shows: the button cell
            ListCell<?> cell = (ListCell<?>) ((javafx.scene.control.skin.ComboBoxListViewSkin<?>) box.getSkin()).getDisplayNode();
            return cell.getText();
        });
    }

    /** Pushes a device list and waits until the studio has applied it. */
    private void push(List<RunTarget> list) throws Exception {
        devices.push(new DeviceSource.Snapshot(list, list.isEmpty() ? "adb: no device attached" : null));
        int expected = 1 + Math.max(1, list.size());
        // read on the FX thread: the list is replaced there while this waits
        StudioUi.waitFor(10, () -> onFx(() -> studio.state().targets.size() == expected
                && (list.isEmpty() || studio.state().targets.get(1).equals(list.get(0)))));
    }

    @Test
    void runOnBoxNamesTheTargetThroughDeviceChanges(FxRobot robot) throws Exception {
        assertEquals("This computer", boxText(robot));
        RunTarget a = DeviceNames.target(board("127.0.0.1:5671", "Board A", 25_300_000_000L));
        RunTarget b = DeviceNames.target(board("127.0.0.1:5672", "Board B", null));
        push(List.of());
        assertEquals("This computer", boxText(robot), "after the first device list");
        push(List.of(a));
        assertEquals("This computer", boxText(robot), "after a device attached");
        push(List.of(a, b));
        assertEquals("This computer", boxText(robot), "after a second device attached");

        onFx(() -> { studio.toolbar().selectTarget(studio.state().targets.get(1)); return null; });
        assertEquals(a.label(), boxText(robot), "picked the device");
        push(List.of(a)); // B detaches
        assertEquals(a.label(), boxText(robot), "the picked device is still named after another one left");
        assertEquals(a.id(), onFx(() -> studio.state().target.get().id()));

        onFx(() -> { studio.toolbar().selectTarget(RunTarget.LOCAL); return null; });
        assertEquals("This computer", boxText(robot), "back to this computer");
        push(List.of()); // A detaches too
        assertEquals("This computer", boxText(robot));
        // picking This computer again (it already is the target) still shows it
        onFx(() -> { studio.toolbar().selectTarget(RunTarget.LOCAL); return null; });
        assertEquals("This computer", boxText(robot));
    }

    @Test
    void devicesAreNamedByWhatTheyReportedWithRamInGib() {
        RunTarget named = DeviceNames.target(board("127.0.0.1:5671", "Board A", 25_300_000_000L));
        assertEquals("Board A (127.0.0.1:5671)", named.label());
        assertTrue(named.detail().contains("23.6 GiB RAM"), named.detail()); // 25.3e9 bytes = 23.56 GiB, as the CLI prints
        RunTarget unnamed = DeviceNames.target(board("127.0.0.1:5671", null, null));
        assertFalse(unnamed.label().contains("null"), unnamed.label());
        assertTrue(unnamed.label().endsWith("(127.0.0.1:5671)"), unnamed.label());
    }
}
