package studio.mobilei2v.studio.history;

import studio.mobilei2v.studio.store.RunRecord;
import javafx.collections.transformation.SortedList;
import javafx.geometry.Insets;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import studio.mobilei2v.studio.shared.StudioServices;
import studio.mobilei2v.studio.shared.StudioState;
import studio.mobilei2v.studio.clip.Clip;
import studio.mobilei2v.studio.clip.ClipParameters;
import studio.mobilei2v.studio.task.BackgroundTask;

import java.util.Locale;

/** History tab: every run with its parameters (newest first); its settings can be applied to the selected clip. */
public final class HistoryController {
    private final StudioState state;
    private final StudioServices services;
    private static final double THUMB_W = 64;
    private final VBox root = new VBox(6);
    private final Thumbnails thumbnails = new Thumbnails(THUMB_W);
    private java.util.function.Consumer<RunRecord> recreate = r -> { };

    /** What "New clip from this run" does (the timeline adds the clip). */
    public void setRecreate(java.util.function.Consumer<RunRecord> recreate) { this.recreate = recreate; }

    public HistoryController(StudioState state, StudioServices services) {
        this.state = state;
        this.services = services;
        ListView<RunRecord> list = new ListView<>(new SortedList<>(state.history, (a, b) -> b.startedAt().compareTo(a.startedAt())));
        list.setId("historyList");
        list.setPlaceholder(new Label("No runs yet. Runs are kept in " + services.history().file()));
        list.setCellFactory(lv -> new ListCell<>() {
            private final javafx.scene.image.ImageView thumb = new javafx.scene.image.ImageView();
            { thumb.setFitWidth(THUMB_W); thumb.setPreserveRatio(true); }
            @Override protected void updateItem(RunRecord r, boolean empty) {
                super.updateItem(r, empty);
                setText(empty || r == null ? null : describe(r));
                thumb.setImage(empty || r == null ? null : thumbnails.of(r.sourceFile()));
                setGraphic(empty || r == null ? null : thumb);
            }
        });
        Button apply = new Button("Use these settings for the selected clip");
        apply.setId("historyApply");
        apply.disableProperty().bind(list.getSelectionModel().selectedItemProperty().isNull().or(state.selectedClip.isNull()));
        apply.setOnAction(e -> applyToSelected(list.getSelectionModel().getSelectedItem()));
        Button recreate = new Button("New clip from this run");
        recreate.setId("historyRecreate");
        recreate.setTooltip(new javafx.scene.control.Tooltip("Adds a clip with this run's picture, crop and settings to the timeline"));
        recreate.disableProperty().bind(list.getSelectionModel().selectedItemProperty().isNull());
        recreate.setOnAction(e -> this.recreate.accept(list.getSelectionModel().getSelectedItem()));
        VBox.setVgrow(list, Priority.ALWAYS);
        Label where = new Label("Kept across restarts in " + services.history().file());
        where.getStyleClass().add("hint");
        where.setWrapText(true);
        javafx.scene.layout.FlowPane buttons = new javafx.scene.layout.FlowPane(6, 6, recreate, apply);
        root.getChildren().addAll(list, buttons, where);
        root.setPadding(new Insets(8));
    }

    static String describe(RunRecord r) {
        String time = r.startedAt().length() >= 19 ? r.startedAt().substring(0, 19).replace('T', ' ') : r.startedAt();
        String ms = r.finished() ? String.format(Locale.ROOT, ", %.0f ms", r.report().totalMs()) : "";
        return time + "  " + r.outcome() + ms + "\n" + r.model() + " on " + r.targetLabel() + ": " + r.schedule()
                + ", seed " + r.seed() + ", motion " + String.format(Locale.ROOT, "%.2f", r.motionScore())
                + (r.camera() == null ? "" : ", " + r.camera()) + "\n" + r.pictureName()
                + (r.message() == null ? "" : "\n" + r.message());
    }

    private void applyToSelected(RunRecord r) {
        Clip c = state.selectedClip.get();
        if (c == null || r == null) return;
        ClipParameters p = c.parameters();
        c.parametersProperty().set(new ClipParameters(r.seed(), r.schedule(), r.motionScore(), r.camera(), p.prompt()));
        services.messages().info("Settings of the run from " + r.startedAt() + " applied to " + c.label() + ".");
    }

    /** Reads the history file in the background and shows it. */
    public void load(Runnable then) {
        services.executor().execute(BackgroundTask.of("Read history", ctx -> services.history().load())
                .onSuccess(runs -> {
                    state.history.setAll(runs);
                    String problem = services.history().loadProblem();
                    if (problem != null) services.messages().warn(problem);
                    then.run();
                })
                .onFailure(e -> services.messages().error("The run history could not be read", e)));
    }

    public VBox root() { return root; }
}
