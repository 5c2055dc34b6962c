package studio.mobilei2v.studio.toolbar;

import studio.mobilei2v.studio.shared.ToolbarModel;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.Separator;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.DirectoryChooser;
import javafx.geometry.Orientation;
import studio.mobilei2v.studio.shared.StudioState;
import studio.mobilei2v.studio.engine.BundleFacts;
import studio.mobilei2v.studio.targets.RunTarget;

import java.io.File;

/** The toolbar. Binds to {@link ToolbarModel} and {@link StudioState}; user actions go to the controller. */
public final class ToolbarView {
    private final VBox root = new VBox(4);
    private final ComboBox<BundleFacts> modelPicker = new ComboBox<>();
    private final ComboBox<RunTarget> targetPicker = new ComboBox<>();
    private final Button export = new Button("Export…");
    private boolean updating;

    private final StudioState state;

    ToolbarView(ToolbarModel model, StudioState state, ToolbarController controller) {
        this.state = state;
        modelPicker.setId("modelPicker");
        modelPicker.setItems(state.knownBundles);
        modelPicker.setPromptText("no model");
        javafx.util.Callback<javafx.scene.control.ListView<BundleFacts>, ListCell<BundleFacts>> cells = lv -> new ListCell<>() {
            @Override protected void updateItem(BundleFacts f, boolean empty) {
                super.updateItem(f, empty);
                setText(empty || f == null ? null : f.label());
            }
        };
        modelPicker.setCellFactory(cells);
        modelPicker.setButtonCell(cells.call(null));
        modelPicker.setPrefWidth(250);
        modelPicker.setTooltip(new Tooltip("The model bundle runs use (assets/models, or a folder you open)"));
        state.facts.addListener((o, a, f) -> { updating = true; modelPicker.getSelectionModel().select(f); updating = false; });
        modelPicker.valueProperty().addListener((o, a, f) -> { if (!updating) controller.selectBundle(f); });

        Button open = new Button("Open model…");
        open.setId("openBundle");
        open.setOnAction(e -> {
            DirectoryChooser chooser = new DirectoryChooser();
            chooser.setTitle("Open a model bundle folder (with manifest.json)");
            File dir = chooser.showDialog(root.getScene().getWindow());
            if (dir != null) controller.openBundle(dir.toPath());
        });

        targetPicker.setId("targetPicker");
        targetPicker.setItems(state.targets);
        targetPicker.setPrefWidth(300);
        targetPicker.setCellFactory(lv -> new ListCell<>() {
            @Override protected void updateItem(RunTarget t, boolean empty) {
                super.updateItem(t, empty);
                setText(empty || t == null ? null : t.label());
                setDisable(t != null && !t.usable());
                setStyle(t != null && !t.usable() ? "-fx-text-fill: #888;" : "");
            }
        });
        // The box shows where runs go - the shared target - even in the moment the item list is being
        // replaced (a ComboBox clears its selection when its items are swapped, which left it blank).
        targetPicker.setButtonCell(new ListCell<>() {
            @Override protected void updateItem(RunTarget t, boolean empty) {
                super.updateItem(t, empty);
                RunTarget shown = state.target.get();
                setText(shown == null ? null : shown.label());
            }
        });
        targetPicker.getSelectionModel().select(state.target.get());
        state.target.addListener((o, a, t) -> showTarget(t));
        // after the ComboBox's own reaction to the new items, so it is not undone by it
        state.targets.addListener((javafx.collections.ListChangeListener<RunTarget>) c ->
                javafx.application.Platform.runLater(() -> showTarget(state.target.get())));
        targetPicker.valueProperty().addListener((o, a, t) -> { if (!updating && t != null) controller.selectTarget(t); });
        targetPicker.disableProperty().bind(state.running);

        Button generate = new Button("Generate");
        generate.setId("generate");
        // not a default button: Enter in the seed field must not start a run; Ctrl+Enter does
        generate.setTooltip(new Tooltip("Generate the selected clip (Ctrl+Enter)"));
        generate.disableProperty().bind(state.running.or(state.bundle.isNull()).or(state.exporting));
        generate.setOnAction(e -> controller.generate());

        Button cancel = new Button("Cancel");
        cancel.setId("cancel");
        cancel.setTooltip(new Tooltip("Stop the run in flight (Esc)"));
        cancel.disableProperty().bind(state.running.not());
        cancel.setOnAction(e -> controller.cancel());

        ProgressBar progress = new ProgressBar();
        progress.setId("progress");
        progress.setPrefWidth(180);
        progress.progressProperty().bind(model.progress);

        Label stage = new Label();
        stage.setId("stage");
        stage.textProperty().bind(model.stage);
        // fixed widths: the toolbar must not shift as the stage and timing texts change length
        fixWidth(stage, 230);
        Label timing = new Label();
        timing.setId("timing");
        timing.textProperty().bind(model.timing);
        fixWidth(timing, 170);
        Label queue = new Label();
        queue.setId("queueProgress");
        queue.textProperty().bind(model.queue);
        fixWidth(queue, 90);

        export.setId("export");
        export.setTooltip(new Tooltip("Export the clip or the whole timeline (Ctrl+E)"));

        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        HBox row = new HBox(8, new Label("Model"), modelPicker, open, new Separator(Orientation.VERTICAL),
                new Label("Run on"), targetPicker, new Separator(Orientation.VERTICAL),
                generate, cancel, progress, queue, stage, timing, spacer, export);
        row.setAlignment(Pos.CENTER_LEFT);
        // labels and buttons keep their full text; the pickers and the progress bar give way instead
        row.getChildren().forEach(n -> {
            // labels and buttons keep their whole text; the fixed-width progress texts are already sized
            if (n instanceof javafx.scene.control.Labeled l && n != stage && n != timing && n != queue) l.setMinWidth(Region.USE_PREF_SIZE);
        });
        modelPicker.setMinWidth(120);
        targetPicker.setMinWidth(140);
        progress.setMinWidth(60);

        Label targetStatus = new Label();
        targetStatus.setId("targetStatus");
        targetStatus.textProperty().bind(model.targetStatus);
        targetStatus.getStyleClass().add("hint");
        Label bundleStatus = new Label();
        bundleStatus.setId("bundleStatus");
        bundleStatus.textProperty().bind(model.bundleStatus);
        bundleStatus.getStyleClass().add("hint");
        Label estimate = new Label();
        estimate.setId("runEstimate");
        estimate.textProperty().bind(model.estimate.map(e -> e.isEmpty() ? "" : "Generate: " + e));
        HBox status = new HBox(18, bundleStatus, targetStatus, estimate);
        root.getChildren().addAll(row, status);
        root.setPadding(new Insets(6, 8, 4, 8));
        root.getStyleClass().add("toolbar-pane");
    }

    private static void fixWidth(Label l, double w) {
        l.setMinWidth(w);
        l.setPrefWidth(w);
        l.setMaxWidth(w);
        l.setTextOverrun(javafx.scene.control.OverrunStyle.ELLIPSIS);
        Tooltip tip = new Tooltip();
        tip.textProperty().bind(l.textProperty());
        l.setTooltip(tip);
    }

    void showTarget(RunTarget t) {
        updating = true;
        try {
            RunTarget item = state.targets.stream().filter(x -> x.id().equals(t.id())).findFirst().orElse(t);
            targetPicker.getSelectionModel().select(item);
            if (targetPicker.getButtonCell() != null) targetPicker.getButtonCell().setText(t.label());
        } finally {
            updating = false;
        }
    }

    public VBox root() { return root; }

    public Button exportButton() { return export; }
}
