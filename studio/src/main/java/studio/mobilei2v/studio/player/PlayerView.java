package studio.mobilei2v.studio.player;

import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.control.Slider;
import javafx.scene.control.Spinner;
import javafx.scene.control.Tooltip;
import javafx.scene.image.ImageView;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;

/** Player: the frame, scaled to fit; play/pause, loop, scrubber, fps and the frame number. */
public final class PlayerView {
    private final VBox root = new VBox(6);
    private boolean updating;

    PlayerView(PlayerModel model, PlayerController controller) {
        ImageView image = new ImageView();
        image.setId("playerImage");
        image.setPreserveRatio(true);
        image.setSmooth(true);
        image.imageProperty().bind(model.frame);
        StackPane screen = new StackPane(image);
        screen.getStyleClass().add("player-screen");
        screen.setMinSize(200, 120);
        image.fitWidthProperty().bind(screen.widthProperty().subtract(8));
        image.fitHeightProperty().bind(screen.heightProperty().subtract(8));
        VBox.setVgrow(screen, Priority.ALWAYS);

        Button play = new Button();
        play.setId("play");
        play.setMinWidth(70);
        play.textProperty().bind(javafx.beans.binding.Bindings.when(model.playing).then("Pause").otherwise("Play"));
        play.setTooltip(new Tooltip("Play / pause (Space)"));
        play.setOnAction(e -> controller.togglePlay());
        play.disableProperty().bind(model.available.lessThan(2));

        CheckBox loop = new CheckBox("Loop");
        loop.setId("loop");
        loop.setSelected(model.loop.get());
        loop.selectedProperty().addListener((o, a, b) -> controller.setLoop(b));

        Slider scrubber = new Slider(0, 0, 0);
        scrubber.setId("scrubber");
        scrubber.setBlockIncrement(1);
        scrubber.setMajorTickUnit(1);
        scrubber.setSnapToTicks(true);
        scrubber.maxProperty().bind(javafx.beans.binding.Bindings.max(0, model.available.subtract(1)));
        scrubber.disableProperty().bind(model.available.lessThan(2));
        model.index.addListener((o, a, i) -> { updating = true; scrubber.setValue(i.intValue()); updating = false; });
        scrubber.valueProperty().addListener((o, a, v) -> { if (!updating) controller.seek((int) Math.round(v.doubleValue())); });
        HBox.setHgrow(scrubber, Priority.ALWAYS);

        Spinner<Integer> fps = new Spinner<>(1, 60, model.fps.get());
        fps.setId("fps");
        fps.setPrefWidth(75);
        fps.setEditable(true);
        model.fps.addListener((o, a, f) -> fps.getValueFactory().setValue(f.intValue()));
        fps.valueProperty().addListener((o, a, f) -> { if (f != null) controller.setFps(f); });

        Label frame = new Label();
        frame.setId("frameNumber");
        
        frame.textProperty().bind(model.frameText);

        HBox controls = new HBox(8, play, loop, scrubber, new Label("fps"), fps, frame);
        controls.setAlignment(Pos.CENTER_LEFT);
        controls.getChildren().forEach(n -> { if (n instanceof javafx.scene.control.Labeled l) l.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE); });
        fps.setMinWidth(70);
        scrubber.setMinWidth(60);
        Label title = new Label("Player");
        title.getStyleClass().add("panel-title");
        root.getChildren().addAll(title, screen, controls);
        root.setPadding(new Insets(8));
    }

    public VBox root() { return root; }
}
