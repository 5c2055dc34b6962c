package studio.mobilei2v.studio;

import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.Start;
import studio.mobilei2v.studio.app.StudioController;
import studio.mobilei2v.studio.clip.Clip;
import studio.mobilei2v.studio.clip.ClipFrame;
import studio.mobilei2v.studio.clip.ClipStatus;
import studio.mobilei2v.studio.clip.Take;
import studio.mobilei2v.studio.engine.StudioGenerators;
import studio.mobilei2v.studio.latency.LatencyView;
import studio.mobilei2v.studio.latency.RunsTableRow;
import studio.mobilei2v.studio.targets.AdbServerSetting;
import studio.mobilei2v.studio.targets.BridgeDeviceSource;
import studio.mobilei2v.studio.targets.RunTarget;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.*;
import static studio.mobilei2v.studio.StudioUi.onFx;
import static studio.mobilei2v.studio.StudioUi.waitFor;

/**
 * Many devices from the studio window (headless Monocle), the way a user with a device rack works:
 * two fake boards (the device-bridge module's fake ADB daemon; their runner JARs run under this
 * machine's java) behind an adb server on a non-default loopback port that the studio reaches
 * only through its adb server setting (the same path as Devices > ADB server…). The user then
 * runs "Generate all on every device" over three pictures, and "Compare devices" on one clip; the
 * runs table compares every target side by side.
 */
class StudioDevicePoolTest extends StudioWindowTest {
    @RegisterExtension
    static final PrivateBoards boards = new PrivateBoards(2);

    @Start
    void start(Stage stage) throws Exception { show(stage); }

    @Override
    protected StudioController open() {
        // the setting starts empty: adb's own rules, i.e. port 5037, where no board is
        AdbServerSetting setting = AdbServerSetting.load(config.resolve("devices.json"));
        return new StudioController(new StudioGenerators(setting.opener()), new BridgeDeviceSource(setting.opener()), setting);
    }

    @Test
    void generateAllOverBothBoardsThenCompareDevices(FxRobot robot) throws Exception {
        StudioUi.awaitDefaultBundle(studio);

        // a bad value is refused, names itself, and changes nothing
        assertFalse(onFx(() -> studio.commands().setAdbServer("rack.example:notaport")));
        assertTrue(lastMessage().contains("rack.example:notaport"), lastMessage());
        assertFalse(Files.exists(config.resolve("devices.json")));

        // Devices > ADB server… with the rack's HOST:PORT: both boards appear in the run-target switch
        assertTrue(onFx(() -> studio.commands().setAdbServer("127.0.0.1:" + boards.adb.port)), this::lastMessage);
        assertTrue(Files.readString(config.resolve("devices.json")).contains("127.0.0.1:" + boards.adb.port));
        Set<String> serials = Set.of(boards.board(0).serial(), boards.board(1).serial());
        waitFor(60, () -> state.targets.stream().filter(t -> serials.contains(t.id()) && t.usable()).count() == 2);

        Path samples = StudioUi.sample("sample-shapes.png").getParent();
        List<Path> pictures = List.of(samples.resolve("sample-shapes.png"), samples.resolve("sample-landscape.png"),
                samples.resolve("sample-shapes.png"));
        onFx(() -> { studio.timeline().dropFiles(pictures, 0); return null; });
        waitFor(30, () -> state.clips.size() == 3);
        List<Clip> clips = onFx(() -> List.copyOf(state.clips));
        int frames = onFx(() -> state.facts.get().frames());

        // Devices > Generate all on every device
        robot.clickOn("Devices").clickOn("#menuGenerateAllDevices");
        waitFor(10, () -> state.running.get());
        waitFor(900, () -> !state.running.get());
        Set<String> ranOn = new java.util.HashSet<>();
        for (Clip c : clips) {
            assertEquals(ClipStatus.DONE, c.status(), c.label() + ": " + lastMessage());
            assertEquals(1, c.takes().size(), "one take per clip, never two: " + c.takes());
            assertEquals(frames, c.frames().size());
            ranOn.add(c.takes().get(0).target());
        }
        Set<String> boardLabels = onFx(() -> state.targets.stream().filter(t -> serials.contains(t.id()))
                .map(RunTarget::label).collect(Collectors.toSet()));
        assertTrue(boardLabels.containsAll(ranOn), "pool runs go to the boards only: " + ranOn);
        assertTrue(lastMessage().contains("3 of 3 clips generated"), lastMessage());

        // Devices > Compare devices on the first clip: this computer and both boards, same seed
        Clip first = clips.get(0);
        onFx(() -> { state.selectedClip.set(first); return null; });
        robot.clickOn("Devices").clickOn("#menuCompareDevices");
        waitFor(10, () -> state.running.get());
        waitFor(900, () -> !state.running.get() && !studio.toolbar().compare().isActive());
        List<Take> takes = onFx(() -> List.copyOf(first.takes()));
        Take local = takes.stream().filter(t -> t.target().equals(RunTarget.LOCAL.label())).findFirst()
                .orElseThrow(() -> new AssertionError("no take on this computer: " + takes + " " + lastMessage()));
        assertEquals(4, takes.size(), "the pool's take, then one per target (warm-ups are not kept): " + takes);
        for (Take t : takes) {
            assertFrameEqual(local.frames(), t.frames(), t.target());
        }

        List<RunsTableRow> rows = onFx(() -> List.copyOf(studio.latency().model().rows));
        assertEquals(3, rows.size(), "one row per target: " + rows);
        for (RunsTableRow r : rows) {
            assertFalse(Double.isNaN(r.warmP50Ms()), "every target has a warm figure after the comparison: " + r);
            assertNotEquals("–", r.againstBudget(LatencyView.TARGET_MS), r.toString());
            boolean device = boardLabels.contains(r.target());
            assertEquals(device, !Double.isNaN(r.transferMs()), "link time is shown for devices only: " + r);
            assertNotNull(r.device(), r.toString());
        }
    }

    @Test
    void cancelReachesEveryBoardAndNoClipIsLeftHalfDone(FxRobot robot) throws Exception {
        StudioUi.awaitDefaultBundle(studio);
        assertTrue(onFx(() -> studio.commands().setAdbServer("127.0.0.1:" + boards.adb.port)), this::lastMessage);
        Set<String> serials = Set.of(boards.board(0).serial(), boards.board(1).serial());
        waitFor(60, () -> state.targets.stream().filter(t -> serials.contains(t.id()) && t.usable()).count() == 2);
        Path shapes = StudioUi.sample("sample-shapes.png");
        onFx(() -> { studio.timeline().dropFiles(List.of(shapes, shapes, shapes, shapes), 0); return null; });
        waitFor(30, () -> state.clips.size() == 4);
        List<Clip> clips = onFx(() -> List.copyOf(state.clips));

        onFx(() -> { studio.toolbar().generateAllOnDevices(); return null; });
        // Esc as soon as a board streams its first frame: both boards (and the queued clips) stop
        waitFor(600, () -> clips.stream().anyMatch(c -> !c.frames().isEmpty()));
        robot.press(javafx.scene.input.KeyCode.ESCAPE).release(javafx.scene.input.KeyCode.ESCAPE);
        waitFor(120, () -> !state.running.get());
        for (Clip c : clips) {
            assertNotEquals(ClipStatus.RUNNING, c.status(), c.label() + " is left running");
            assertTrue(c.takes().size() <= 1, "never two takes: " + c.takes());
            if (c.takes().isEmpty()) {
                assertTrue(c.status() == ClipStatus.CANCELLED || c.status() == ClipStatus.NEW, c.label() + ": " + c.status());
            }
        }
        assertTrue(clips.stream().anyMatch(c -> c.takes().isEmpty()), "Esc stopped the batch before its end");
        // the boards are usable again right away: a single run on one of them finishes
        RunTarget board = onFx(() -> state.targets.stream().filter(t -> t.id().equals(boards.board(0).serial())).findFirst().orElseThrow());
        onFx(() -> { studio.toolbar().selectTarget(board); state.selectedClip.set(clips.get(3)); return null; });
        robot.clickOn("#generate");
        waitFor(10, () -> state.running.get());
        waitFor(600, () -> !state.running.get());
        assertEquals(ClipStatus.DONE, clips.get(3).status(), this::lastMessage);
    }

    /** Same seed, same model and variant: the boards' frames are this computer's, byte for byte. */
    private static void assertFrameEqual(List<ClipFrame> expected, List<ClipFrame> actual, String where) {
        assertEquals(expected.size(), actual.size(), where);
        for (int i = 0; i < expected.size(); i++) {
            assertArrayEquals(expected.get(i).pixels().rgb(), actual.get(i).pixels().rgb(), where + ": frame " + i);
        }
    }
}
