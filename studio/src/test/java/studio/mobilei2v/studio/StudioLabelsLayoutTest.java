package studio.mobilei2v.studio;

import javafx.geometry.Bounds;
import javafx.geometry.Rectangle2D;
import javafx.scene.Node;
import javafx.scene.chart.NumberAxis;
import javafx.scene.control.Label;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.stage.Screen;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;
import studio.mobilei2v.inference.RunReport;
import studio.mobilei2v.studio.app.StudioController;
import studio.mobilei2v.studio.app.WindowPlacement;
import studio.mobilei2v.studio.engine.StudioGenerators;
import studio.mobilei2v.studio.store.StudioPaths;
import studio.mobilei2v.studio.store.WindowState;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;
import static studio.mobilei2v.studio.StudioUi.onFx;
import static studio.mobilei2v.studio.StudioUi.waitFor;

/**
 * Issue 11, items 6 and 7 in the window: it fits the screen it opens on even where it was
 * remembered off it, latency labels that agree with their numbers, a frame axis that ends at the
 * last frame, a runs table that shows every column in the dark theme, a toolbar that does not shift,
 * no motion value before a clip, and no manifest words in the prompt's reason.
 */
class StudioLabelsLayoutTest extends StudioWindowTest {
    @Start
    void start(Stage stage) throws Exception { show(stage); }

    @Override
    protected void beforeOpen(Path config) throws Exception {
        // remembered on a bigger monitor, far right and low: Export and the right panel would be off-screen
        new WindowState(1500, 900, 1900, 1200, false, 0.22, 0.6, 0.78, null).save(config.resolve("window.json"));
    }

    private static RunReport report(boolean first, double initMs, double totalMs, int frames) {
        List<Double> frameMs = new ArrayList<>(Collections.nCopies(frames, 4.0));
        return new RunReport(RunReport.FORMAT, "2026-01-01T00:00:00Z", new RunReport.Model("nano", "0.1", "desktop", "fp32"),
                null, new RunReport.Parameters(7, "distilled-1", 1, List.of(1.0, 0.0), 2.0, null, "crop", null, null, null,
                256, 144, 2, frames), first, initMs, new RunReport.StageTimes(10, 5, 20, 40, 145), List.of(40.0),
                frameMs, 60, totalMs, null, null);
    }

    @Test
    void theWindowFitsTheScreenItOpensOn() throws Exception {
        WaitForAsyncUtils.waitForFxEvents();
        Rectangle2D screen = onFx(() -> Screen.getPrimary().getVisualBounds());
        assertTrue(stage.getX() >= screen.getMinX() && stage.getY() >= screen.getMinY(), stage.getX() + "," + stage.getY());
        assertTrue(stage.getX() + stage.getWidth() <= screen.getMaxX() + 0.5, "right edge on screen: " + stage.getX() + "+" + stage.getWidth());
        assertTrue(stage.getY() + stage.getHeight() <= screen.getMaxY() + 0.5, "bottom edge on screen");
        Bounds export = onFx(() -> studio.toolbar().view().exportButton().localToScreen(studio.toolbar().view().exportButton().getBoundsInLocal()));
        assertTrue(export.getMaxX() <= screen.getMaxX() + 0.5, "the Export button is on screen: " + export);
        // and on a 1366x768 laptop, the size remembered on the big monitor is cut to fit
        WindowPlacement.Placement small = WindowPlacement.place(new WindowState(1500, 900, 1900, 1200, false, 0.22, 0.6, 0.78, null),
                List.of(new Rectangle2D(0, 0, 1366, 740)));
        assertEquals(new WindowPlacement.Placement(0, 0, 1366, 740), small);
    }

    @Test
    void latencyLabelsAgreeWithTheirNumbers(FxRobot robot) throws Exception {
        // a warm flag beside an init time is a cold start
        onFx(() -> { studio.state().lastReport.set(report(false, 283, 500, 17)); return null; });
        String summary = robot.lookup("#latencySummary").queryAs(Label.class).getText();
        assertFalse(summary.contains("warm"), summary);
        assertTrue(summary.contains("init 283 ms"), summary);
        // a report whose init is timed apart: the total shown is never smaller than its parts
        onFx(() -> { studio.state().lastReport.set(report(true, 99, 220, 17)); return null; });
        summary = robot.lookup("#latencySummary").queryAs(Label.class).getText();
        assertTrue(summary.contains("220 ms + init 99 ms = 319 ms"), summary);
        // a truly warm run says so
        onFx(() -> { studio.state().lastReport.set(report(false, 0, 230, 17)); return null; });
        summary = robot.lookup("#latencySummary").queryAs(Label.class).getText();
        assertTrue(summary.contains("warm"), summary);
        // the frame axis ends at the last frame
        NumberAxis axis = robot.lookup("#frameAxis").queryAs(NumberAxis.class);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(17, axis.getUpperBound(), 1e-9, "axis for 17 frames");
    }

    @Test
    void runsTableShowsEveryColumn(FxRobot robot) throws Exception {
        TableView<?> table = robot.lookup("#runsTable").queryAs(TableView.class);
        WaitForAsyncUtils.waitForFxEvents();
        double sum = onFx(() -> table.getColumns().stream().mapToDouble(TableColumn::getWidth).sum());
        assertTrue(sum <= table.getWidth() + 1, "columns " + sum + " fit the table " + table.getWidth());
        TableColumn<?, ?> p90 = onFx(() -> table.getColumns().stream().filter(c -> c.getText().equals("P90")).findFirst().orElseThrow());
        assertTrue(p90.getWidth() >= 40, "P90 is readable: " + p90.getWidth());
        // dark theme: the table's background is dark, not the default light grey
        Node body = onFx(() -> table.lookup(".column-header-background"));
        javafx.scene.layout.Region r = (javafx.scene.layout.Region) body;
        javafx.scene.paint.Paint fill = r.getBackground().getFills().get(0).getFill();
        assertTrue(((javafx.scene.paint.Color) fill).getBrightness() < 0.4, "header is dark: " + fill);
    }

    @Test
    void toolbarDoesNotShiftAsTheProgressTextChanges(FxRobot robot) throws Exception {
        WaitForAsyncUtils.waitForFxEvents();
        double before = onFx(() -> studio.toolbar().view().exportButton().localToScene(0, 0).getX());
        onFx(() -> { studio.toolbar().model().stage.set("decode frame 17/17 and a very long explanation of it"); return null; });
        WaitForAsyncUtils.waitForFxEvents();
        double during = onFx(() -> studio.toolbar().view().exportButton().localToScene(0, 0).getX());
        onFx(() -> { studio.toolbar().model().stage.set("ok"); studio.toolbar().model().timing.set("elapsed 1234.5 s  ETA 99999 s"); return null; });
        WaitForAsyncUtils.waitForFxEvents();
        double after = onFx(() -> studio.toolbar().view().exportButton().localToScene(0, 0).getX());
        assertEquals(before, during, 0.5);
        assertEquals(before, after, 0.5);
    }

    @Test
    void noMotionValueBeforeAClipAndNoManifestWords(FxRobot robot) throws Exception {
        waitFor(60, () -> studio.state().facts.get() != null);
        assertEquals("–", robot.lookup("#motionValue").queryAs(Label.class).getText(), "no clip, no motion value");
        String reason = robot.lookup("#promptReason").queryAs(Label.class).getText();
        if (!reason.isEmpty()) {
            assertFalse(reason.contains("manifest") || reason.contains("conditioning") || reason.contains("null"), reason);
        }
    }
}
