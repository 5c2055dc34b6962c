package studio.mobilei2v.studio.latency;

import javafx.collections.ListChangeListener;
import javafx.geometry.Insets;
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
        summary.setMinHeight(javafx.scene.layout.Region.USE_PREF_SIZE);
        Label device = new Label();
        device.setWrapText(true);
        device.getStyleClass().add("hint");
        device.textProperty().bind(model.device);
        device.setMinHeight(javafx.scene.layout.Region.USE_PREF_SIZE);

        // stage bars: one row per stage, bar length relative to the slowest stage, with the milliseconds
        javafx.scene.layout.GridPane stages = new javafx.scene.layout.GridPane();
        stages.setId("stageBars");
        stages.setHgap(6);
        stages.setVgap(3);
        javafx.scene.layout.ColumnConstraints nameCol = new javafx.scene.layout.ColumnConstraints(95);
        javafx.scene.layout.ColumnConstraints barCol = new javafx.scene.layout.ColumnConstraints();
        barCol.setHgrow(Priority.ALWAYS);
        javafx.scene.layout.ColumnConstraints msCol = new javafx.scene.layout.ColumnConstraints(70);
        msCol.setHalignment(javafx.geometry.HPos.RIGHT);
        stages.getColumnConstraints().setAll(nameCol, barCol, msCol);
        Label stagesTitle = new Label("Stages of the last run");
        stagesTitle.getStyleClass().add("chart-heading");
        model.stages.addListener((ListChangeListener<LatencyModel.StageTime>) c -> {
            stages.getChildren().clear();
            double max = model.stages.stream().mapToDouble(LatencyModel.StageTime::ms).max().orElse(1);
            int row = 0;
            for (LatencyModel.StageTime t : model.stages) {
                javafx.scene.layout.Region bar = new javafx.scene.layout.Region();
                bar.getStyleClass().add("stage-bar");
                bar.setMinHeight(12);
                bar.setMaxHeight(12);
                double share = max <= 0 ? 0 : t.ms() / max;
                bar.maxWidthProperty().bind(stages.widthProperty().subtract(160).multiply(share));
                bar.setMinWidth(1);
                javafx.scene.layout.HBox holder = new javafx.scene.layout.HBox(bar);
                holder.setAlignment(javafx.geometry.Pos.CENTER_LEFT);
                bar.setPrefWidth(10_000);
                stages.addRow(row++, new Label(t.label()), holder, new Label(ms(t.ms())));
            }
        });

        NumberAxis frameAxis = new NumberAxis();
        frameAxis.setId("frameAxis");
        frameAxis.setLabel("frame");
        frameAxis.setForceZeroInRange(false);
        frameAxis.setAutoRanging(false); // the axis ends at the last frame, not at a "round" 110
        frameAxis.setLowerBound(1);
        frameAxis.setUpperBound(2);
        frameAxis.setTickUnit(1);
        frameAxis.setMinorTickVisible(false);
        NumberAxis frameMs = new NumberAxis();
        frameMs.setLabel("ms");
        LineChart<Number, Number> frames = new LineChart<>(frameAxis, frameMs);
        frames.setId("frameChart");
        frames.setAnimated(false);
        frames.setCreateSymbols(true);
        frames.setTitle("ms per frame (dashed: 100 ms target)");
        frames.setPrefHeight(200);
        frames.setMinHeight(150);
        model.frameMs.addListener((ListChangeListener<Double>) c -> {
            XYChart.Series<Number, Number> measured = new XYChart.Series<>();
            measured.setName("this run");
            XYChart.Series<Number, Number> target = new XYChart.Series<>();
            target.setName("100 ms target");
            for (int i = 0; i < model.frameMs.size(); i++) measured.getData().add(new XYChart.Data<>(i + 1, model.frameMs.get(i)));
            int n = Math.max(1, model.frameMs.size());
            frameAxis.setUpperBound(Math.max(2, n));
            frameAxis.setTickUnit(n <= 20 ? 2 : Math.ceil(n / 10.0));
            target.getData().add(new XYChart.Data<>(1, TARGET_MS));
            target.getData().add(new XYChart.Data<>(n, TARGET_MS));
            frames.getData().setAll(measured, target);
        });

        TableView<RunsTableRow> table = new TableView<>(model.rows);
        table.setId("runsTable");
        // every column, P90 included, fits the panel; the numbers are short enough for it
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_ALL_COLUMNS);
        table.setPlaceholder(new Label("Finished runs appear here, local and device side by side."));
        table.getColumns().add(text("Target", RunsTableRow::target));
        table.getColumns().add(text("Model", r -> r.model() + " (" + r.steps() + ")"));
        table.getColumns().add(text("Runs", r -> Integer.toString(r.runs())));
        table.getColumns().add(text("Init", r -> num(r.initMs())));
        table.getColumns().add(text("1st run", r -> num(r.firstRunMs())));
        table.getColumns().add(text("P50", r -> num(r.warmP50Ms())));
        table.getColumns().add(text("P90", r -> num(r.warmP90Ms())));
        table.getColumns().add(text("/frame", r -> num(r.perFrameMs())));
        table.getColumns().add(text("100 ms", r -> r.againstBudget(TARGET_MS)));
        table.getColumns().add(text("Link", r -> num(r.transferMs())));
        table.setRowFactory(tv -> {
            javafx.scene.control.TableRow<RunsTableRow> row = new javafx.scene.control.TableRow<>();
            row.itemProperty().addListener((o, a, r) -> row.setTooltip(r == null || r.device() == null ? null
                    : new javafx.scene.control.Tooltip(r.target() + ": " + r.device() + "\n" + r.model() + ", " + r.schedule()
                            + " (" + r.steps() + (r.steps() == 1 ? " step)" : " steps)"))));
            return row;
        });
        table.setPrefHeight(150);
        VBox.setVgrow(table, Priority.ALWAYS);

        root.getChildren().addAll(title, summary, device, stagesTitle, stages, frames, new Label("Runs (ms): init, first (cold) run, P50/P90 of warm runs, decoder per frame and against the 100 ms budget, link (devices)"), table);
        root.setPadding(new Insets(8));
    }

    private static TableColumn<RunsTableRow, String> text(String name, Function<RunsTableRow, String> f) {
        TableColumn<RunsTableRow, String> c = new TableColumn<>(name);
        c.setCellValueFactory(cd -> new javafx.beans.property.ReadOnlyStringWrapper(f.apply(cd.getValue())));
        c.setSortable(false);
        c.setPrefWidth(name.equals("Target") ? 130 : name.equals("Model") ? 95 : name.equals("Runs") ? 40 : 56);
        c.setMinWidth(name.equals("Runs") ? 34 : 44);
        return c;
    }

    /** A table cell: milliseconds without the unit (the heading says ms), "–" when there is none. */
    static String num(double v) {
        if (Double.isNaN(v)) return "–";
        return v >= 100 ? String.format(Locale.ROOT, "%.0f", v) : String.format(Locale.ROOT, "%.1f", v);
    }

    static String ms(double v) {
        if (Double.isNaN(v)) return "–";
        return v >= 100 ? String.format(Locale.ROOT, "%.0f ms", v) : String.format(Locale.ROOT, "%.1f ms", v);
    }

    public VBox root() { return root; }
}
