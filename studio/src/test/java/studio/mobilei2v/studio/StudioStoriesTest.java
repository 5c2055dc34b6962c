package studio.mobilei2v.studio;

import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.Start;
import studio.mobilei2v.export.ExportFormat;
import studio.mobilei2v.export.ExportOptions;
import studio.mobilei2v.export.ExportResult;
import studio.mobilei2v.studio.messages.Messages;
import studio.mobilei2v.studio.app.StudioController;
import studio.mobilei2v.studio.clip.Clip;
import studio.mobilei2v.studio.clip.ClipParameters;
import studio.mobilei2v.studio.clip.ClipStatus;
import studio.mobilei2v.studio.engine.ScheduleChoice;
import studio.mobilei2v.studio.engine.StudioGenerators;
import studio.mobilei2v.studio.export.ExportRequest;
import studio.mobilei2v.studio.export.SourceEmbedding;
import studio.mobilei2v.studio.targets.BridgeDeviceSource;
import studio.mobilei2v.studio.targets.RunTarget;
import studio.mobilei2v.studio.timeline.ExportedClips;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.*;
import static studio.mobilei2v.studio.StudioUi.onFx;
import static studio.mobilei2v.studio.StudioUi.waitFor;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The user stories of issue 4 against the real studio window (headless Monocle), the real model
 * bundle, ONNX Runtime, FFmpeg and the real adb server.
 *
 * <p>Drag and drop: Monocle cannot synthesise an OS-level drag with files, so the tests call the
 * drop handlers' entry points ({@code TimelineController.dropFiles(paths, index)},
 * {@code SourceController.dropFiles(paths)}) with the paths a Dragboard would carry; the views'
 * DragDropped handlers do nothing else than convert the Dragboard into those arguments.
 */
class StudioStoriesTest extends StudioWindowTest {
    @Start
    void start(Stage stage) throws Exception { show(stage); }

    @Override
    protected StudioController open() {
        return new StudioController(new StudioGenerators(), new BridgeDeviceSource());
    }

    // ---- helpers ----

    private static Path sample() {
        return StudioUi.sample("sample-shapes.png");
    }

    private void requireBundle() throws Exception {
        StudioUi.awaitDefaultBundle(studio);
    }

    private Clip dropImage(Path image, int index) throws Exception {
        int before = onFx(() -> state.clips.size());
        onFx(() -> { studio.timeline().dropFiles(List.of(image), index); return null; });
        waitFor(30, () -> state.clips.size() == before + 1);
        return onFx(() -> state.clips.get(Math.min(index, state.clips.size() - 1)));
    }

    private void generateAndWait(FxRobot robot, Clip clip) throws Exception {
        onFx(() -> { state.selectedClip.set(clip); return null; });
        robot.clickOn("#generate");
        waitFor(10, () -> state.running.get() || clip.status() != ClipStatus.NEW);
        waitFor(300, () -> !state.running.get());
    }

    // ---- story 1: drop an image -> clip -> Generate -> frames fill in -> play ----

    @Test
    void dropGenerateWatchFramesArriveAndPlay(FxRobot robot) throws Exception {
        requireBundle();
        Clip clip = dropImage(sample(), 0);
        assertEquals(ClipStatus.NEW, clip.status());
        assertEquals(clip, onFx(() -> state.selectedClip.get()), "the new clip is selected");
        int expected = onFx(() -> state.facts.get().frames());

        AtomicReference<Integer> maxSeenBeforeEnd = new AtomicReference<>(0);
        onFx(() -> {
            clip.frames().addListener((javafx.collections.ListChangeListener<studio.mobilei2v.studio.clip.ClipFrame>) c -> {
                if (state.running.get()) maxSeenBeforeEnd.set(Math.max(maxSeenBeforeEnd.get(), clip.frames().size()));
            });
            return null;
        });
        generateAndWait(robot, clip);

        assertEquals(ClipStatus.DONE, clip.status(), () -> "messages: " + state.toString() + " " + lastMessage());
        assertEquals(expected, clip.frames().size());
        assertTrue(maxSeenBeforeEnd.get() >= 1, "frames arrived while the run was still in flight (streaming)");
        assertEquals(expected, (int) onFx(() -> studio.timeline().view().filledSlots(clip)), "every slot of the strip filled in");
        for (int i = 0; i < expected; i++) assertEquals(i, clip.frames().get(i).index(), "frames in order");
        assertNotNull(onFx(() -> state.lastReport.get()));
        assertEquals(1, onFx(() -> studio.latency().model().rows.size()), "the runs table has this run");
        assertEquals(expected, onFx(() -> studio.latency().model().frameMs.size()));
        // the history file is written in the background: wait for it, then check it holds this run
        waitFor(10, () -> Files.exists(config.resolve("history.json")));
        com.fasterxml.jackson.databind.JsonNode kept = new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(config.resolve("history.json").toFile());
        String runs = kept.toString();
        assertTrue(runs.contains(clip.source().name()) && runs.contains("\"done\""), "history.json has this finished run: " + runs);

        robot.clickOn("#play");
        waitFor(5, () -> studio.player().model().playing.get());
        int start = onFx(() -> studio.player().model().index.get());
        waitFor(10, () -> studio.player().model().index.get() != start);
        robot.clickOn("#play");
        waitFor(5, () -> !studio.player().model().playing.get());
        assertTrue(robot.lookup("#frameNumber").queryAs(Label.class).getText().startsWith("frame "));
    }

    // ---- story 2: switch the run target and back ----

    @Test
    void switchRunTargetAndBackWithHonestNoDeviceState(FxRobot robot) throws Exception {
        // the device list comes from the real adb server via the bridge; wait until it has answered
        waitFor(60, () -> state.targets.size() > 1);
        List<RunTarget> targets = onFx(() -> List.copyOf(state.targets));
        assertEquals(RunTarget.LOCAL, targets.get(0), "This computer is always first");
        RunTarget usable = targets.stream().filter(t -> t.kind() == RunTarget.Kind.DEVICE && t.usable()).findFirst().orElse(null);
        if (usable == null) {
            RunTarget none = targets.stream().filter(t -> !t.isLocal()).findFirst().orElseThrow();
            assertTrue(none.label().startsWith("No device connected (adb") || none.kind() == RunTarget.Kind.DEVICE,
                    "honest state names the reason: " + none.label());
            onFx(() -> { studio.toolbar().selectTarget(none); return null; });
            assertEquals(RunTarget.LOCAL, onFx(() -> state.target.get()), "an unusable entry cannot be selected");
            assertTrue(lastMessage().contains(none.label()), "the user is told why: " + lastMessage());
            String status = robot.lookup("#targetStatus").queryAs(Label.class).getText();
            assertTrue(status.contains("No device connected") || status.contains("adb"), status);
        } else {
            onFx(() -> { studio.toolbar().selectTarget(usable); return null; });
            assertEquals(usable.id(), onFx(() -> state.target.get().id()));
        }
        onFx(() -> { studio.toolbar().selectTarget(RunTarget.LOCAL); return null; });
        assertEquals(RunTarget.LOCAL, onFx(() -> state.target.get()));
        assertFalse(robot.lookup("#targetPicker").query().isDisabled());
    }

    // ---- story 3: export MP4 -> decodes -> drop back -> clip and parameters restored ----

    @Test
    void exportMp4DecodeAndDropBackRestoresClip(FxRobot robot) throws Exception {
        requireBundle();
        Clip clip = dropImage(sample(), 0);
        onFx(() -> {
            // non-default values, so a restore that falls back to defaults would be caught
            ClipParameters p = clip.parameters();
            double m = Math.min(state.facts.get().motionMax(), state.facts.get().motionMin() + 0.75);
            clip.parametersProperty().set(p.withSeed(424242).withMotionScore(m));
            return null;
        });
        generateAndWait(robot, clip);
        assertEquals(ClipStatus.DONE, clip.status(), this::lastMessage);
        ClipParameters made = clip.parameters();

        Path out = config.resolve("exports").resolve("story3.mp4");
        AtomicReference<ExportResult> result = new AtomicReference<>();
        AtomicReference<Boolean> finished = new AtomicReference<>(false);
        onFx(() -> {
            // the original picture embedded on request (the default is a compact copy; ExportTrapsTest checks that)
            studio.export().export(new ExportRequest(out, ExportOptions.of(ExportFormat.MP4_H264, 17), false,
                            SourceEmbedding.ORIGINAL, false),
                    (f, m) -> { }, r -> { result.set(r); finished.set(true); });
            return null;
        });
        waitFor(120, finished::get);
        assertNotNull(result.get(), this::lastMessage);
        assertTrue(Files.size(out) > 0);
        int frames = onFx(() -> state.facts.get().frames());
        assertEquals(frames, ExportedClips.decodeFrames(out).size(), "the MP4 decodes with every frame");

        Clip restored = dropImage(out, 1);
        assertNotSame(clip, restored);
        assertEquals(ClipStatus.RESTORED, restored.status());
        assertEquals(made.seed(), restored.parameters().seed());
        assertEquals(made.schedule(), restored.parameters().schedule());
        assertEquals(made.motionScore(), restored.parameters().motionScore(), 1e-9);
        assertEquals(made.camera(), restored.parameters().camera());
        assertEquals(clip.source().sha256(), restored.source().sha256(), "the embedded source image came back byte for byte");
        assertEquals(frames, restored.frames().size());
    }

    // ---- cancel mid-run ----

    @Test
    void cancelMidRunLeavesTheStudioReady(FxRobot robot) throws Exception {
        requireBundle();
        Clip clip = dropImage(sample(), 0);
        // the longest schedule the bundle offers, so there is time to cancel between steps
        ScheduleChoice longest = onFx(() -> state.facts.get().schedules().stream()
                .max(Comparator.comparingInt(ScheduleChoice::steps)).orElseThrow());
        onFx(() -> { clip.parametersProperty().set(clip.parameters().withSchedule(longest.name())); state.selectedClip.set(clip); return null; });
        onFx(() -> { studio.toolbar().generate(); return null; });
        waitFor(60, () -> studio.toolbar().model().stage.get().startsWith("denoise")
                || studio.toolbar().model().stage.get().startsWith("encode") || !state.running.get());
        robot.press(javafx.scene.input.KeyCode.ESCAPE).release(javafx.scene.input.KeyCode.ESCAPE);
        waitFor(60, () -> !state.running.get());
        waitFor(30, () -> studio.services().executor().inFlight() <= 0 || onlyHistorySave());
        if (clip.status() == ClipStatus.DONE) {
            assumeTrue(false, "the run finished before Esc arrived (" + longest.label() + " is too fast here to cancel)");
        }
        assertEquals(ClipStatus.CANCELLED, clip.status());
        assertFalse(studio.toolbar().isRunInFlight());
        assertFalse(robot.lookup("#generate").queryAs(Button.class).isDisabled(), "Generate is ready again");
        assertTrue(robot.lookup("#cancel").queryAs(Button.class).isDisabled());
        assertEquals("cancelled", studio.toolbar().model().stage.get());
        assertTrue(clip.frames().size() < clip.expectedFramesProperty().get());

        // and the next run works: nothing was left half-open
        onFx(() -> { clip.parametersProperty().set(clip.parameters().withSchedule(state.facts.get().defaultSchedule())); return null; });
        generateAndWait(robot, clip);
        assertEquals(ClipStatus.DONE, clip.status(), this::lastMessage);
    }

    private boolean onlyHistorySave() {
        return studio.services().executor().inFlight() <= 1; // the history write may still be going
    }

    // ---- a bad file changes nothing ----

    @Test
    void badFileDroppedShowsMessageAndChangesNothing(FxRobot robot) throws Exception {
        requireBundle();
        Clip clip = dropImage(sample(), 0);
        Path broken = config.resolve("broken.png");
        Files.write(broken, new byte[] {(byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10, 1, 2, 3, 4, 5});
        int messages = onFx(() -> studio.services().messages().all().size());
        onFx(() -> { studio.timeline().dropFiles(List.of(broken), 0); return null; });
        waitFor(30, () -> studio.services().messages().all().size() > messages);
        Messages.Message m = onFx(() -> studio.services().messages().latestProperty().get());
        assertEquals(Messages.Level.ERROR, m.level());
        assertTrue(m.text().contains("broken.png"), m.text());
        assertEquals(1, onFx(() -> state.clips.size()), "no clip added");
        assertSame(clip, onFx(() -> state.clips.get(0)));
        assertSame(clip, onFx(() -> state.selectedClip.get()));

        // the same on the source panel: the clip keeps its source
        String sha = clip.source().sha256();
        int messages2 = onFx(() -> studio.services().messages().all().size());
        onFx(() -> { studio.source().dropFiles(List.of(broken)); return null; });
        waitFor(30, () -> studio.services().messages().all().size() > messages2);
        assertEquals(sha, clip.source().sha256());
        assertTrue(lastMessage().contains("broken.png"), lastMessage());
    }

    // ---- timeline editing: several files at once, reorder, delete + undo by keyboard, extend, replace source ----

    @Test
    void timelineInsertReorderDeleteUndoExtendAndReplaceSource(FxRobot robot) throws Exception {
        requireBundle();
        Path shapes = sample();
        Path gratings = StudioUi.sample("sample-gratings.png");
        onFx(() -> { studio.timeline().dropFiles(List.of(shapes, gratings), 0); return null; });
        waitFor(30, () -> state.clips.size() == 2);
        Clip first = onFx(() -> state.clips.get(0));
        Clip second = onFx(() -> state.clips.get(1));
        assertEquals("sample-shapes.png", first.label(), "dropped files keep their order");
        assertEquals("sample-gratings.png", second.label());

        // a drop between the two inserts there
        Clip middle = dropImage(gratings, 1);
        assertSame(middle, onFx(() -> state.clips.get(1)));
        assertEquals(3, onFx(() -> state.clips.size()));

        // reorder: the first clip to the end
        onFx(() -> { studio.timeline().moveClip(first, 3); return null; });
        assertSame(first, onFx(() -> state.clips.get(2)));

        // Delete key removes the selected clip, Ctrl+Z brings it back in place
        onFx(() -> { state.selectedClip.set(middle); return null; });
        robot.clickOn("#playerImage");
        robot.press(javafx.scene.input.KeyCode.DELETE).release(javafx.scene.input.KeyCode.DELETE);
        waitFor(5, () -> state.clips.size() == 2);
        assertFalse(onFx(() -> state.clips.contains(middle)));
        robot.press(javafx.scene.input.KeyCode.CONTROL, javafx.scene.input.KeyCode.Z)
                .release(javafx.scene.input.KeyCode.Z, javafx.scene.input.KeyCode.CONTROL);
        waitFor(5, () -> state.clips.size() == 3);
        assertSame(middle, onFx(() -> state.clips.get(0)), "undo puts the clip back where it was");

        // extend: generate, then a new clip after it starts from its last frame
        generateAndWait(robot, middle);
        assertEquals(ClipStatus.DONE, middle.status(), this::lastMessage);
        onFx(() -> { studio.timeline().extend(middle); return null; });
        waitFor(30, () -> state.clips.size() == 4);
        Clip extension = onFx(() -> state.clips.get(1));
        assertNotSame(middle, extension);
        assertEquals(middle.parameters(), extension.parameters(), "an extension keeps the settings");
        var last = middle.frames().get(middle.frames().size() - 1).pixels();
        assertEquals(last.width(), extension.source().width());
        assertEquals(last.argb(10, 10), extension.source().decoded().image().getRGB(10, 10), "its source is the last frame, pixel for pixel");

        // drop on the source panel replaces the selected clip's source
        onFx(() -> { state.selectedClip.set(second); return null; });
        String before = second.source().sha256();
        onFx(() -> { studio.source().dropFiles(List.of(shapes)); return null; });
        waitFor(30, () -> !second.source().sha256().equals(before));
        assertEquals("sample-shapes.png", second.source().name());
    }
}
