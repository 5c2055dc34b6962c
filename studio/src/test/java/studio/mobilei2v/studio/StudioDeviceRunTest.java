package studio.mobilei2v.studio;

import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.Start;
import studio.mobilei2v.inference.RunReport;
import studio.mobilei2v.studio.app.StudioController;
import studio.mobilei2v.studio.clip.Clip;
import studio.mobilei2v.studio.clip.ClipStatus;
import studio.mobilei2v.studio.engine.StudioGenerators;
import studio.mobilei2v.studio.latency.RunsTableRow;
import studio.mobilei2v.studio.targets.BridgeDeviceSource;
import studio.mobilei2v.studio.targets.RunTarget;

import java.util.List;

import static org.junit.jupiter.api.Assertions.*;
import static studio.mobilei2v.studio.StudioUi.onFx;
import static studio.mobilei2v.studio.StudioUi.waitFor;

/**
 * A device run from the studio window (headless Monocle): the run-target switch lists a device
 * attached to a private adb server (the device-bridge module's fake ADB daemon, a Linux board
 * whose runner JAR runs under this machine's java), the user generates on this computer, picks
 * the device, generates the same clip there, and the latency panel's runs table shows both rows.
 * The studio's real device path (BridgeDeviceSource, StudioGenerators, DeviceVideoGenerator) is
 * used; only the adb server it connects to is the test's private one.
 */
class StudioDeviceRunTest extends StudioWindowTest {
    @RegisterExtension
    static final PrivateBoards boards = new PrivateBoards(1);

    @Start
    void start(Stage stage) throws Exception { show(stage); }

    @Override
    protected StudioController open() {
        return new StudioController(new StudioGenerators(boards.opener()), new BridgeDeviceSource(boards.opener()));
    }

    private void generateAndWait(FxRobot robot, Clip clip, int seconds) throws Exception {
        onFx(() -> { state.selectedClip.set(clip); return null; });
        robot.clickOn("#generate");
        waitFor(10, () -> state.running.get());
        waitFor(seconds, () -> !state.running.get());
    }

    @Test
    void generateOnThisComputerThenOnTheDeviceAndCompareInTheRunsTable(FxRobot robot) throws Exception {
        StudioUi.awaitDefaultBundle(studio);
        Clip clip = StudioUi.dropSample(studio, "sample-shapes.png");
        int frames = onFx(() -> state.facts.get().frames());

        // this computer first
        assertEquals(RunTarget.LOCAL, onFx(() -> state.target.get()));
        generateAndWait(robot, clip, 300);
        assertEquals(ClipStatus.DONE, clip.status(), this::lastMessage);

        // the run-target switch lists the board; choose it and generate the same clip there
        waitFor(60, () -> state.targets.stream().anyMatch(t -> t.id().equals(boards.board(0).serial()) && t.usable()));
        RunTarget device = onFx(() -> state.targets.stream().filter(t -> t.id().equals(boards.board(0).serial())).findFirst().orElseThrow());
        assertEquals(RunTarget.Kind.DEVICE, device.kind());
        onFx(() -> { studio.toolbar().selectTarget(device); return null; });
        assertEquals(boards.board(0).serial(), onFx(() -> state.target.get().id()));
        generateAndWait(robot, clip, 600); // first device run: pushes the runner and the bundle, starts the runner
        assertEquals(ClipStatus.DONE, clip.status(), this::lastMessage);
        assertEquals(frames, clip.frames().size(), "every frame came back from the device");
        RunReport report = onFx(() -> state.lastReport.get());
        assertEquals(boards.board(0).serial(), report.placement().target(), "the report is the device's");
        assertTrue(report.firstRun() && report.initMs() > 0, "the device's first run shows its session creation: " + report.initMs());

        List<RunsTableRow> rows = onFx(() -> List.copyOf(studio.latency().model().rows));
        assertEquals(2, rows.size(), "one row per target: " + rows);
        RunsTableRow local = rows.stream().filter(r -> r.target().equals(RunTarget.LOCAL.label())).findFirst()
                .orElseThrow(() -> new AssertionError("no local row: " + rows));
        RunsTableRow onDevice = rows.stream().filter(r -> r.target().equals(device.label())).findFirst()
                .orElseThrow(() -> new AssertionError("no device row: " + rows));
        assertEquals(local.model(), onDevice.model());
        assertEquals(local.schedule(), onDevice.schedule());
        assertTrue(onDevice.firstRunMs() > 0 && onDevice.initMs() > 0, onDevice.toString());
    }
}
