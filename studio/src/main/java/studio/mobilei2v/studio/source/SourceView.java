package studio.mobilei2v.studio.source;

import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.Slider;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.image.ImageView;
import javafx.scene.input.TransferMode;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Pane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.scene.paint.Color;
import javafx.scene.shape.FillRule;
import javafx.scene.shape.LineTo;
import javafx.scene.shape.MoveTo;
import javafx.scene.shape.Path;
import javafx.scene.shape.Rectangle;
import studio.mobilei2v.inference.CropRect;
import studio.mobilei2v.studio.engine.ScheduleChoice;

import java.io.File;
import java.util.List;

/**
 * Source panel: the picture with the crop shown as a bright rectangle over a dimmed image (drag to
 * move, scroll to resize, always the model's aspect), and the clip's parameters below it.
 */
public final class SourceView {
    private final VBox root = new VBox(8);
    private final Pane canvas = new Pane();
    private final ImageView imageView = new ImageView();
    private final Rectangle cropBox = new Rectangle();
    private final Path shade = new Path();
    private final SourceModel model;
    private boolean updating;
    private double dragX;
    private double dragY;

    SourceView(SourceModel model, SourceController controller) {
        this.model = model;
        Label title = new Label("Source");
        title.getStyleClass().add("panel-title");
        Label name = new Label();
        name.textProperty().bind(model.sourceName);
        name.getStyleClass().add("hint");

        canvas.setId("sourceCanvas");
        canvas.setMinHeight(150);
        canvas.setPrefHeight(220);
        canvas.getStyleClass().add("source-canvas");
        imageView.setPreserveRatio(true);
        imageView.imageProperty().bind(model.image);
        shade.setFill(Color.rgb(0, 0, 0, 0.55));
        shade.setFillRule(FillRule.EVEN_ODD);
        shade.setStroke(null);
        shade.setMouseTransparent(true);
        cropBox.setFill(Color.TRANSPARENT);
        cropBox.setStroke(Color.web("#ffcc33"));
        cropBox.setStrokeWidth(2);
        cropBox.setId("cropBox");
        cropBox.setCursor(javafx.scene.Cursor.MOVE);
        Label empty = new Label("Drop an image here\nto replace the clip's source");
        empty.getStyleClass().add("hint");
        empty.visibleProperty().bind(model.hasClip.not());
        empty.layoutXProperty().bind(canvas.widthProperty().subtract(empty.widthProperty()).divide(2));
        empty.layoutYProperty().bind(canvas.heightProperty().subtract(empty.heightProperty()).divide(2));
        canvas.getChildren().addAll(imageView, shade, cropBox, empty);
        canvas.widthProperty().addListener(o -> layoutCrop());
        canvas.heightProperty().addListener(o -> layoutCrop());
        model.image.addListener(o -> layoutCrop());
        model.crop.addListener(o -> layoutCrop());

        cropBox.setOnMousePressed(e -> { dragX = e.getX(); dragY = e.getY(); });
        cropBox.setOnMouseDragged(e -> {
            double s = scale();
            if (s > 0) controller.moveCrop((e.getX() - dragX) / s, (e.getY() - dragY) / s);
            dragX = e.getX();
            dragY = e.getY();
        });
        canvas.setOnScroll(e -> controller.scaleCrop(e.getDeltaY() > 0 ? 0.93 : 1 / 0.93));
        canvas.setOnDragOver(e -> {
            if (e.getDragboard().hasFiles()) e.acceptTransferModes(TransferMode.COPY);
            e.consume();
        });
        canvas.setOnDragDropped(e -> {
            List<File> files = e.getDragboard().hasFiles() ? e.getDragboard().getFiles() : List.of();
            controller.dropFiles(files.stream().map(File::toPath).toList());
            e.setDropCompleted(!files.isEmpty());
            e.consume();
        });

        Label cropText = new Label();
        cropText.textProperty().bind(model.cropText);
        cropText.getStyleClass().add("hint");
        Button resetCrop = new Button("Centre crop");
        resetCrop.setTooltip(new Tooltip("Largest centred crop with the model's aspect (drag the box to move it, scroll to resize)"));
        resetCrop.setOnAction(e -> controller.resetCrop());
        resetCrop.disableProperty().bind(model.hasClip.not());
        HBox cropRow = new HBox(8, resetCrop, cropText);
        cropRow.setAlignment(Pos.CENTER_LEFT);

        TextField seed = new TextField();
        seed.setId("seed");
        seed.setPrefColumnCount(10);
        model.seed.addListener((o, a, s) -> { if (!seed.isFocused() || updating) seed.setText(s); });
        seed.setOnAction(e -> controller.setSeed(seed.getText()));
        seed.focusedProperty().addListener((o, a, f) -> { if (!f) controller.setSeed(seed.getText()); });
        Button dice = new Button("Dice");
        dice.setId("dice");
        dice.setTooltip(new Tooltip("Roll a new seed"));
        dice.setOnAction(e -> controller.rollDice());
        HBox seedRow = new HBox(4, seed, dice);

        ComboBox<ScheduleChoice> steps = new ComboBox<>(model.schedules);
        steps.setId("steps");
        steps.setTooltip(new Tooltip("Sampler schedule from the model's manifest: distilled 1 or 2 steps, or the teacher's N steps"));
        model.schedule.addListener((o, a, s) -> { updating = true; steps.getSelectionModel().select(s); updating = false; });
        steps.valueProperty().addListener((o, a, s) -> { if (!updating) controller.setSchedule(s); });

        Slider motion = new Slider();
        motion.setId("motion");
        motion.minProperty().bind(model.motionMin);
        motion.maxProperty().bind(model.motionMax);
        motion.setShowTickMarks(true);
        motion.setShowTickLabels(true);
        motion.setMajorTickUnit(1);
        model.motion.addListener((o, a, m) -> { updating = true; motion.setValue(m.doubleValue()); updating = false; });
        motion.valueProperty().addListener((o, a, m) -> { if (!updating && !motion.isValueChanging()) controller.setMotionScore(m.doubleValue()); });
        motion.valueChangingProperty().addListener((o, a, changing) -> { if (!changing) controller.setMotionScore(motion.getValue()); });
        Label motionValue = new Label();
        motionValue.setMinWidth(36);
        motionValue.setId("motionValue");
        // no clip, no value: a "0.00" there would be a number nobody chose (and outside the range)
        motionValue.textProperty().bind(javafx.beans.binding.Bindings.when(model.hasClip)
                .then(model.motion.asString(java.util.Locale.ROOT, "%.2f")).otherwise("–"));
        HBox motionRow = new HBox(4, motion, motionValue);
        HBox.setHgrow(motion, Priority.ALWAYS);
        Tooltip motionTip = new Tooltip();
        motionTip.textProperty().bind(model.motionUnit);
        motion.setTooltip(motionTip);

        ComboBox<String> camera = new ComboBox<>(model.cameras);
        camera.setId("camera");
        camera.disableProperty().bind(model.cameraOffered.not());
        camera.setPromptText("not offered by this model");
        model.camera.addListener((o, a, c) -> { updating = true; camera.getSelectionModel().select(c); updating = false; });
        camera.valueProperty().addListener((o, a, c) -> { if (!updating) controller.setCamera(c); });

        TextArea prompt = new TextArea();
        prompt.setId("prompt");
        prompt.setPrefRowCount(2);
        prompt.setWrapText(true);
        prompt.disableProperty().bind(model.promptEnabled.not());
        model.prompt.addListener((o, a, p) -> { if (!prompt.isFocused()) prompt.setText(p); });
        prompt.focusedProperty().addListener((o, a, f) -> { if (!f) controller.setPrompt(prompt.getText()); });
        prompt.promptTextProperty().bind(javafx.beans.binding.Bindings.when(model.promptEnabled)
                .then("Describe the motion").otherwise("No text input for this model"));
        Label promptReason = new Label();
        promptReason.setId("promptReason");
        promptReason.textProperty().bind(model.promptReason);
        promptReason.setWrapText(true);
        promptReason.getStyleClass().add("hint");
        promptReason.setMinHeight(javafx.scene.layout.Region.USE_PREF_SIZE);

        GridPane grid = new GridPane();
        grid.setHgap(8);
        grid.setVgap(6);
        grid.addRow(0, new Label("Seed"), seedRow);
        grid.addRow(1, new Label("Steps"), steps);
        grid.addRow(2, new Label("Motion score"), motionRow);
        grid.addRow(3, new Label("Camera"), camera);
        grid.addRow(4, new Label("Prompt"), prompt);
        grid.add(promptReason, 1, 5);
        GridPane.setHgrow(motionRow, Priority.ALWAYS);
        javafx.scene.layout.ColumnConstraints labels = new javafx.scene.layout.ColumnConstraints();
        labels.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        javafx.scene.layout.ColumnConstraints fields = new javafx.scene.layout.ColumnConstraints();
        fields.setHgrow(Priority.ALWAYS);
        fields.setFillWidth(true);
        grid.getColumnConstraints().setAll(labels, fields);
        grid.disableProperty().bind(model.hasClip.not());

        VBox.setVgrow(canvas, Priority.ALWAYS);
        root.getChildren().addAll(title, name, canvas, cropRow, grid);
        root.setPadding(new Insets(8));
        root.setMinWidth(250);
    }

    /** Pixels on screen per source pixel. */
    private double scale() {
        if (model.image.get() == null) return 0;
        double iw = model.image.get().getWidth();
        double ih = model.image.get().getHeight();
        return Math.min(canvas.getWidth() / iw, canvas.getHeight() / ih);
    }

    private void layoutCrop() {
        double s = scale();
        if (s <= 0) {
            cropBox.setVisible(false);
            shade.getElements().clear();
            return;
        }
        double iw = model.image.get().getWidth() * s;
        double ih = model.image.get().getHeight() * s;
        double ox = (canvas.getWidth() - iw) / 2;
        double oy = (canvas.getHeight() - ih) / 2;
        imageView.setFitWidth(iw);
        imageView.setFitHeight(ih);
        imageView.setLayoutX(ox);
        imageView.setLayoutY(oy);
        CropRect c = model.crop.get();
        if (c == null) {
            cropBox.setVisible(false);
            shade.getElements().clear();
            return;
        }
        // the source image may be shown downscaled: map crop (source pixels) by the decoded size
        double x = ox + c.x() * s;
        double y = oy + c.y() * s;
        double w = c.width() * s;
        double h = c.height() * s;
        cropBox.setVisible(true);
        cropBox.setX(x);
        cropBox.setY(y);
        cropBox.setWidth(w);
        cropBox.setHeight(h);
        shade.getElements().setAll(new MoveTo(ox, oy), new LineTo(ox + iw, oy), new LineTo(ox + iw, oy + ih),
                new LineTo(ox, oy + ih), new LineTo(ox, oy),
                new MoveTo(x, y), new LineTo(x + w, y), new LineTo(x + w, y + h), new LineTo(x, y + h), new LineTo(x, y));
    }

    public VBox root() { return root; }
}
