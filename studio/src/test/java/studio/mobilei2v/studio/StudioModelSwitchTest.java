package studio.mobilei2v.studio;

import javafx.scene.control.ComboBox;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.Start;
import studio.mobilei2v.studio.engine.ScheduleChoice;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static studio.mobilei2v.studio.StudioUi.onFx;
import static studio.mobilei2v.studio.StudioUi.waitFor;

/**
 * Open model… with a second bundle whose schedules are named like the first one's (a converted
 * published model and the bundled nano both offer "distilled-1"): the Steps box keeps showing the
 * clip's schedule instead of going blank.
 */
class StudioModelSwitchTest extends StudioWindowTest {
    @TempDir
    Path tmp;

    @Start
    void start(Stage stage) throws Exception { show(stage); }

    @Test
    void theStepsBoxShowsTheClipsScheduleAfterOpeningAnotherModel(FxRobot robot) throws Exception {
        StudioUi.awaitDefaultBundle(studio);
        StudioUi.dropSample(studio, "sample-landscape.png");
        @SuppressWarnings("unchecked")
        ComboBox<ScheduleChoice> steps = robot.lookup("#steps").queryAs(ComboBox.class);
        waitFor(10, () -> steps.getValue() != null);
        String before = onFx(() -> steps.getValue().name());

        Path copy = copyOf(StudioUi.requireDefaultBundle(), tmp.resolve("same-schedules"));
        Path first = onFx(() -> state.facts.get().folder());
        onFx(() -> { studio.toolbar().openBundle(copy); return null; });
        waitFor(60, () -> !state.facts.get().folder().equals(first));
        waitFor(10, () -> steps.getValue() != null);
        assertNotNull(onFx(steps::getValue), "the Steps box went blank after Open model…");
        assertEquals(before, onFx(() -> steps.getValue().name()));
        assertEquals(before, onFx(() -> state.clips.get(0).parameters().schedule()));
    }

    private static Path copyOf(Path bundle, Path to) throws Exception {
        try (Stream<Path> files = Files.walk(bundle)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                Path target = to.resolve(bundle.relativize(p).toString());
                if (Files.isDirectory(p)) Files.createDirectories(target);
                else Files.copy(p, target);
            }
        }
        return to;
    }
}
