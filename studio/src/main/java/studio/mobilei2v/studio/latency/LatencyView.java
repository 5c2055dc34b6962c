package studio.mobilei2v.studio.latency;

import javafx.collections.ListChangeListener;
import javafx.geometry.Insets;
import javafx.scene.chart.BarChart;
import javafx.scene.chart.CategoryAxis;
import javafx.scene.chart.LineChart;
import javafx.scene.chart.NumberAxis;
import javafx.scene.chart.XYChart;
import javafx.scene.control.Label;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

import java.util.Locale;
import java.util.function.Function;

/**
 * Latency panel: stage bars of the last run, per-frame milliseconds against the paper's 100 ms
 * line, and the runs table. Charts are rebuilt from the model; nothing here writes the model.
 */
public final class LatencyView {
    /** The paper's headline: under 100 ms per 720p frame on a phone. */
    public static final double TARGET_MS = 100;

    private final VBox root = new VBox(6);

    LatencyView(LatencyModel model) {
        Label title = new Label("Latency");
        title.getStyleClass().add("panel-title");
        Label summary = new Label();
        summary.setId("latencySummary");
        summary.setWrapText(true);
        summary.textProperty().bind(model.summary);
        Label device = new Label();
        device.setWrapText(true);
        device.getStyleClass().add("hint");
        device.textProperty().bind(model.device);

        NumberAxis msAxis = new NumberAxis();
        msAxis.setLabel("ms");
        CategoryAxis stageAxis = new CategoryAxis();
        BarChart<Number, String> stages = new BarChart<>(msAxis, stageAxis);
        stages.setId("stageBars");
        stages.setLegendVisible(false);
        stages.setAnimated(false);
        stages.setTitle("Stages of the last run");
        stages.setPrefHeight(200);
        stages.setMinHeight(150);
        model.stages.addListener((ListChangeListener<LatencyModel.StageTime>) c -> {
            XYChart.Series<Number, String> s = new XYChart.Series<>();
            for (int i = model.stages.size() - 1; i >= 0; i--) { // first stage on top
                LatencyModel.StageTime t = model.stages.get(i);
                s.getData().add(new XYChart.Data<>(t.ms(), t.stage()));
            }
            stages.getData().setAll(s);
        });

        NumberAxis frameAxis = new NumberAxis();
        frameAxis.setLabel("frame");
        frameAxis.setForceZeroInRange(false);
        NumberAxis frameMs = new NumberAxis();
        frameMs.setLabel("ms per frame");
        LineChart<Number, Number> frames = new LineChart<>(frameAxis, frameMs);
        frames.setId("frameChart");
        frames.setAnimated(false);
        frames.setCreateSymbols(true);
        frames.setTitle("Decoder time per frame (100 ms = paper's target)");
        frames.setPrefHeight(200);
        frames.setMinHeight(150);
        model.frameMs.addListener((ListChangeListener<Double>) c -> {
            XYChart.Series<Number, Number> measured = new XYChart.Series<>();
            measured.setName("this run");
            XYChart.Series<Number, Number> target = new XYChart.Series<>();
            target.setName("100 ms target");
            for (int i = 0; i < model.frameMs.size(); i++) measured.getData().add(new XYChart.Data<>(i + 1, model.frameMs.get(i)));
            int n = Math.max(1, model.frameMs.size());
            target.getData().add(new XYChart.Data<>(1, TARGET_MS));
            target.getData().add(new XYChart.Data<>(n, TARGET_MS));
            frames.getData().setAll(measured, target);
        });

        TableView<RunsTableRow> table = new TableView<>(model.rows);
        table.setId("runsTable");
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        table.setPlaceholder(new Label("Finished runs appear here, local and device side by side."));
        table.getColumns().add(text("Target", RunsTableRow::target));
        table.getColumns().add(text("Model", RunsTableRow::model));
        table.getColumns().add(text("Steps", r -> Integer.toString(r.steps())));
        table.getColumns().add(text("Runs", r -> Integer.toString(r.runs())));
        table.getColumns().add(text("Init", r -> ms(r.initMs())));
        table.getColumns().add(text("First run", r -> ms(r.firstRunMs())));
        table.getColumns().add(text("Warm P50", r -> ms(r.warmP50Ms())));
        table.getColumns().add(text("Warm P90", r -> ms(r.warmP90Ms())));
        table.getColumns().add(text("Per frame", r -> ms(r.perFrameMs())));
        table.setPrefHeight(150);
        VBox.setVgrow(table, Priority.ALWAYS);

        root.getChildren().addAll(title, summary, device, stages, frames, new Label("Runs (P50/P90 over warm runs)"), table);
        root.setPadding(new Insets(8));
    }

    private static TableColumn<RunsTableRow, String> text(String name, Function<RunsTableRow, String> f) {
        TableColumn<RunsTableRow, String> c = new TableColumn<>(name);
        c.setCellValueFactory(cd -> new javafx.beans.property.ReadOnlyStringWrapper(f.apply(cd.getValue())));
        c.setSortable(false);
        return c;
    }

    static String ms(double v) {
        if (Double.isNaN(v)) return "–";
        return v >= 100 ? String.format(Locale.ROOT, "%.0f ms", v) : String.format(Locale.ROOT, "%.1f ms", v);
    }

    public VBox root() { return root; }
}
