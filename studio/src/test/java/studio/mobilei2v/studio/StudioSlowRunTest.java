package studio.mobilei2v.studio;

import javafx.scene.control.Label;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.Start;
import studio.mobilei2v.inference.RunReport;
import studio.mobilei2v.studio.clip.Clip;
import studio.mobilei2v.studio.engine.RunEstimate;
import studio.mobilei2v.studio.store.RunRecord;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static studio.mobilei2v.studio.StudioUi.onFx;
import static studio.mobilei2v.studio.StudioUi.waitFor;

/** Before a slow run the toolbar says how long it will take, and Generate asks first (issue 14). */
class StudioSlowRunTest extends StudioWindowTest {
    @Start
    void start(Stage stage) throws Exception { show(stage); }

    @Test
    void aRunThatTookMinutesBeforeIsAnnouncedAndAskedFor(FxRobot robot) throws Exception {
        StudioUi.awaitDefaultBundle(studio);
        Clip clip = StudioUi.dropSample(studio, "sample-landscape.png");
        Label estimate = robot.lookup("#runEstimate").queryAs(Label.class);
        waitFor(10, () -> estimate.getText().startsWith("Generate: "));
        assertFalse(estimate.getText().contains(" min "), "the nano model is fast: " + estimate.getText());

        // the same model, schedule and target took 14 minutes last time (a converted published model on a CPU)
        RunReport slow = new RunReport(RunReport.FORMAT, "2026-01-01T00:00:00Z", null, null, null, false, 100, null,
                List.of(), List.of(), 10, 14 * 60_000, null, null);
        RunRecord earlier = new RunRecord("r1", "2026-01-01T00:00:00Z", state.target.get().id(), "this computer",
                state.facts.get().name(), clip.parameters().schedule(), 1, 1, 2.0, null, clip.source().file().toString(),
                clip.source().sha256(), null, "done", null, slow, "x.png", 14 * 60_000.0);
        List<RunEstimate> asked = new ArrayList<>();
        onFx(() -> {
            studio.toolbar().setConfirmSlowRun(e -> { asked.add(e); return false; });
            state.history.add(earlier);
            return null;
        });
        waitFor(10, () -> estimate.getText().equals("Generate: about 14 min 00 s (like the last run)"));

        onFx(() -> { studio.toolbar().generate(); return null; });
        assertEquals(1, asked.size(), "Generate asked before a 14-minute run");
        assertTrue(asked.get(0).slow());
        assertFalse(state.running.get(), "answering no starts nothing");
    }
}
