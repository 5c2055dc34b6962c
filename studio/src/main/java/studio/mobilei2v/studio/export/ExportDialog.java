package studio.mobilei2v.studio.export;

import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.RadioButton;
import javafx.scene.control.Slider;
import javafx.scene.control.Spinner;
import javafx.scene.control.TextField;
import javafx.scene.control.ToggleGroup;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;
import javafx.stage.Modality;
import javafx.stage.Stage;
import javafx.util.StringConverter;
import studio.mobilei2v.export.ExportFormat;
import studio.mobilei2v.export.ExportOptions;
import studio.mobilei2v.export.ExportResult;
import studio.mobilei2v.studio.shared.StudioState;
import studio.mobilei2v.studio.clip.Clip;

import java.io.File;
import java.nio.file.Path;
import java.util.List;

/** The export dialog: options, a live size estimate, progress, and the result with "Open folder". */
public final class ExportDialog {
    private final Stage stage = new Stage();

    ExportDialog(ExportController controller, StudioState state) {
        stage.setTitle("Export");
        stage.initModality(Modality.WINDOW_MODAL);

        ChoiceBox<ExportFormat> format = new ChoiceBox<>();
        format.setId("exportFormat");
        format.getItems().setAll(ExportFormat.values());
        format.setConverter(new StringConverter<>() {
            @Override public String toString(ExportFormat f) { return f == null ? "" : f.label(); }
            @Override public ExportFormat fromString(String s) { return null; }
        });
        format.setValue(ExportFormat.MP4_H264);
        Clip selected = state.selectedClip.get();
        int clipFps = selected != null ? selected.fpsProperty().get() : 17;
        Spinner<Integer> fps = new Spinner<>(1, 120, clipFps);
        fps.setEditable(true);
        fps.setId("exportFps");
        Slider quality = new Slider(1, 100, ExportOptions.DEFAULT_QUALITY);
        quality.setShowTickLabels(true);
        quality.setMajorTickUnit(25);
        Label qualityValue = new Label();
        qualityValue.textProperty().bind(quality.valueProperty().asString("%.0f"));
        ChoiceBox<Double> scale = new ChoiceBox<>();
        scale.getItems().setAll(0.5, 1.0, 2.0, 3.0, 4.0);
        scale.setValue(1.0);
        scale.setConverter(new StringConverter<>() {
            @Override public String toString(Double d) { return d == null ? "" : (d == Math.floor(d) ? String.valueOf(d.intValue()) : d.toString()) + "x"; }
            @Override public Double fromString(String s) { return null; }
        });
        ToggleGroup scopeGroup = new ToggleGroup();
        RadioButton clipScope = new RadioButton("Selected clip");
        RadioButton timelineScope = new RadioButton("Whole timeline as one video");
        clipScope.setToggleGroup(scopeGroup);
        timelineScope.setToggleGroup(scopeGroup);
        boolean clipHasFrames = !controller.clipsFor(false).isEmpty();
        clipScope.setDisable(!clipHasFrames);
        (clipHasFrames ? clipScope : timelineScope).setSelected(true);
        ChoiceBox<SourceEmbedding> metadata = new ChoiceBox<>();
        metadata.setId("exportEmbed");
        metadata.getItems().setAll(SourceEmbedding.values());
        metadata.setValue(SourceEmbedding.COMPACT);
        metadata.setConverter(new StringConverter<>() {
            @Override public String toString(SourceEmbedding e) { return e == null ? "" : e.label(); }
            @Override public SourceEmbedding fromString(String s) { return null; }
        });
        Label embedSizes = new Label("…");
        embedSizes.getStyleClass().add("hint");
        embedSizes.setWrapText(true);
        Label embedNote = new Label("Dropping the file back restores the clip from this picture; the generation settings are always written.");
        embedNote.getStyleClass().add("hint");
        embedNote.setWrapText(true);
        Label leftOut = new Label();
        leftOut.setId("exportLeftOut");
        leftOut.getStyleClass().add("warning-text");
        leftOut.setWrapText(true);
        String base = selected != null ? selected.source().name().replaceAll("\\.[^.]*$", "") : "timeline";
        TextField target = new TextField(Path.of(System.getProperty("user.home"), "Videos", base + "-mobilei2v.mp4").toString());
        target.setId("exportTarget");
        target.setPrefColumnCount(34);
        Button browse = new Button("Browse…");
        browse.setOnAction(e -> {
            FileChooser fc = new FileChooser();
            Path current = Path.of(target.getText());
            if (current.getParent() != null && current.getParent().toFile().isDirectory()) fc.setInitialDirectory(current.getParent().toFile());
            fc.setInitialFileName(current.getFileName().toString());
            File f = fc.showSaveDialog(stage);
            if (f != null) target.setText(f.getPath());
        });
        format.valueProperty().addListener((o, a, f) -> target.setText(withExtension(target.getText(), f)));

        Label estimate = new Label("…");
        estimate.setId("exportEstimate");
        Runnable reestimate = () -> {
            ExportRequest r = request(format, fps, quality, scale, timelineScope, metadata, target);
            if (r != null) controller.estimate(r, estimate::setText);
        };
        format.valueProperty().addListener(o -> reestimate.run());
        fps.valueProperty().addListener(o -> reestimate.run());
        quality.valueChangingProperty().addListener((o, a, ch) -> { if (!ch) reestimate.run(); });
        scale.valueProperty().addListener(o -> reestimate.run());
        scopeGroup.selectedToggleProperty().addListener(o -> reestimate.run());
        metadata.valueProperty().addListener(o -> reestimate.run());
        Runnable scopeChanged = () -> {
            List<String> left = controller.leftOut(timelineScope.isSelected());
            leftOut.setText(left.isEmpty() ? "" : "Not generated, so left out of the video: " + String.join(", ", left));
            controller.embeddingSizes(timelineScope.isSelected(), embedSizes::setText);
        };
        scopeGroup.selectedToggleProperty().addListener(o -> scopeChanged.run());
        scopeChanged.run();
        reestimate.run();

        ProgressBar progress = new ProgressBar(0);
        progress.setMaxWidth(Double.MAX_VALUE);
        Label status = new Label();
        status.setId("exportStatus");
        status.setWrapText(true);
        // the result is several lines: the label grows to show them all instead of cutting them off
        status.setMinHeight(javafx.scene.layout.Region.USE_PREF_SIZE);
        status.setMaxWidth(560);
        Button openFolder = new Button("Open folder");
        openFolder.setVisible(false);
        Button export = new Button("Export");
        export.setId("exportRun");
        export.setDefaultButton(true);
        Button cancel = new Button("Cancel export");
        cancel.setDisable(true);
        Button close = new Button("Close");
        close.setCancelButton(true);
        close.setOnAction(e -> { controller.cancel(); stage.close(); });
        cancel.setOnAction(e -> controller.cancel());
        export.setOnAction(e -> {
            ExportRequest asked = request(format, fps, quality, scale, timelineScope, metadata, target);
            if (asked == null) { status.setText("Check the options: fps 1-120, a target file name."); return; }
            Path fixed = ExportTargets.forFormat(asked.target(), asked.options().format());
            target.setText(fixed.toString()); // the name follows the format: shown before anything is written
            ExportRequest r = asked.withTarget(fixed);
            if (java.nio.file.Files.exists(fixed)) {
                javafx.scene.control.Alert ask = new javafx.scene.control.Alert(javafx.scene.control.Alert.AlertType.CONFIRMATION,
                        fixed + " already exists. Replace it?", javafx.scene.control.ButtonType.YES, javafx.scene.control.ButtonType.NO);
                ask.setHeaderText("Replace the existing file?");
                ask.initOwner(stage);
                if (ask.showAndWait().orElse(javafx.scene.control.ButtonType.NO) != javafx.scene.control.ButtonType.YES) {
                    status.setText("Not exported: " + fixed.getFileName() + " is kept. Choose another name.");
                    return;
                }
                r = r.withOverwrite(true);
            }
            export.setDisable(true);
            cancel.setDisable(false);
            openFolder.setVisible(false);
            status.setText("exporting…");
            controller.export(r, (f, m) -> { progress.setProgress(f); status.setText(m); }, (ExportResult res) -> {
                export.setDisable(false);
                cancel.setDisable(true);
                if (res != null) {
                    progress.setProgress(1);
                    status.setText("Done: " + res.file() + "\n" + res.width() + "x" + res.height() + ", " + res.frames()
                            + " frames, " + ExportService.humanBytes(res.bytes()) + ", " + res.codec()
                            + (res.notes().isEmpty() ? "" : "\n" + String.join("\n", res.notes())));
                    openFolder.setVisible(true);
                    stage.sizeToScene();
                    openFolder.setOnAction(x -> openFolder(res.file(), controller));
                } else {
                    progress.setProgress(0);
                    status.setText("Not exported (see the message in the main window).");
                }
            });
        });

        GridPane grid = new GridPane();
        grid.setHgap(10);
        grid.setVgap(8);
        int row = 0;
        grid.addRow(row++, new Label("Format"), format);
        grid.addRow(row++, new Label("Frames per second"), fps);
        grid.addRow(row++, new Label("Quality"), new HBox(6, quality, qualityValue));
        grid.addRow(row++, new Label("Scale"), scale);
        grid.addRow(row++, new Label("What"), new VBox(4, clipScope, timelineScope, leftOut));
        grid.addRow(row++, new Label("Source picture"), new VBox(4, metadata, embedSizes, embedNote));
        HBox targetRow = new HBox(6, target, browse);
        HBox.setHgrow(target, Priority.ALWAYS);
        grid.addRow(row++, new Label("Save as"), targetRow);
        grid.addRow(row++, new Label("Estimated size"), estimate);
        HBox buttons = new HBox(8, openFolder, export, cancel, close);
        buttons.setAlignment(Pos.CENTER_RIGHT);
        VBox root = new VBox(10, grid, progress, status, buttons);
        root.setPadding(new Insets(14));
        Scene scene = new Scene(root);
        scene.getStylesheets().add(ExportDialog.class.getResource("/studio/mobilei2v/studio/studio.css").toExternalForm());
        stage.setScene(scene);
        if (state.selectedClip.get() != null && controller.services() != null) {
            stage.setOnShown(e -> export.requestFocus());
        }
    }

    private static ExportRequest request(ChoiceBox<ExportFormat> format, Spinner<Integer> fps, Slider quality,
                                         ChoiceBox<Double> scale, RadioButton timeline, ChoiceBox<SourceEmbedding> metadata, TextField target) {
        try {
            ExportOptions o = new ExportOptions(format.getValue(), fps.getValue(), (int) Math.round(quality.getValue()), scale.getValue());
            if (target.getText().isBlank()) return null;
            return new ExportRequest(Path.of(target.getText().trim()), o, timeline.isSelected(), metadata.getValue(), false);
        } catch (RuntimeException e) {
            return null;
        }
    }

    static String withExtension(String path, ExportFormat f) {
        String p = path.replaceAll("-frames$", "");
        return ExportTargets.forFormat(Path.of(f.extension().isEmpty() ? p : p), f).toString();
    }

    private static void openFolder(Path file, ExportController controller) {
        Path dir = file.toFile().isDirectory() ? file : file.toAbsolutePath().getParent();
        controller.services().executor().execute(studio.mobilei2v.studio.task.BackgroundTask.of("Open folder", ctx -> {
            // xdg-open on Linux, open on macOS; started off the UI thread since it may block briefly
            String os = System.getProperty("os.name", "").toLowerCase();
            List<String> cmd = os.contains("mac") ? List.of("open", dir.toString())
                    : os.contains("win") ? List.of("explorer", dir.toString()) : List.of("xdg-open", dir.toString());
            new ProcessBuilder(cmd).inheritIO().start();
            return null;
        }).onFailure(e -> controller.services().messages().error("Cannot open " + dir + " (the file is there)", e)));
    }

    public void show() {
        stage.show();
    }
}
