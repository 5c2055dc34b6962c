package studio.mobilei2v.studio.timeline;

import javafx.collections.ListChangeListener;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.Tooltip;
import javafx.scene.image.ImageView;
import javafx.scene.input.ClipboardContent;
import javafx.scene.input.TransferMode;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.scene.layout.Priority;
import studio.mobilei2v.studio.clip.Clip;
import studio.mobilei2v.studio.clip.ClipFrame;

/**
 * One clip on the timeline: a header, a strip with one slot per expected frame that fills in as
 * frames arrive, and the clip's actions. Listens to its clip while shown; {@link #dispose()} removes
 * the listeners when the card leaves the timeline.
 */
final class ClipCard extends VBox {
    static final double THUMB_W = 44;
    static final String DRAG_PREFIX = "mobilei2v-clip:";

    private final Clip clip;
    private final HBox strip = new HBox(2);
    private final Label header = new Label();
    private final ListChangeListener<ClipFrame> framesChanged = c -> fillStrip();
    private final javafx.beans.InvalidationListener headerChanged = o -> updateHeader();

    ClipCard(Clip clip, TimelineController controller) {
        this.clip = clip;
        getStyleClass().add("clip-card");
        setMaxHeight(USE_PREF_SIZE); // a card is as tall as its strip, not as the timeline
        setSpacing(4);
        setPadding(new Insets(6));
        header.getStyleClass().add("clip-header");
        strip.getStyleClass().add("clip-strip");

        Button rerun = new Button("Re-run");
        rerun.setTooltip(new Tooltip("Generate this clip again with its current settings"));
        rerun.setOnAction(e -> controller.rerun(clip));
        Button extend = new Button("Extend");
        extend.setTooltip(new Tooltip("New clip after this one, starting from its last frame"));
        extend.setOnAction(e -> controller.extend(clip));
        Button delete = new Button("Delete");
        delete.setTooltip(new Tooltip("Remove from the timeline (Delete; Ctrl+Z brings it back)"));
        delete.setOnAction(e -> controller.delete(clip));
        for (Button b : new Button[] {rerun, extend, delete}) b.getStyleClass().add("small");
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        HBox actions = new HBox(4, header, spacer, rerun, extend, delete);
        actions.setAlignment(Pos.CENTER_LEFT);
        getChildren().addAll(actions, strip);

        clip.frames().addListener(framesChanged);
        clip.statusProperty().addListener(headerChanged);
        clip.expectedFramesProperty().addListener(headerChanged);
        clip.parametersProperty().addListener(headerChanged);
        clip.sourceProperty().addListener(headerChanged);
        updateHeader();
        fillStrip();

        setOnMouseClicked(e -> controller.select(clip));
        setOnDragDetected(e -> {
            var db = startDragAndDrop(TransferMode.MOVE);
            ClipboardContent content = new ClipboardContent();
            content.putString(DRAG_PREFIX + clip.id());
            db.setContent(content);
            e.consume();
        });
    }

    Clip clip() { return clip; }

    void setSelected(boolean selected) {
        pseudoClassStateChanged(javafx.css.PseudoClass.getPseudoClass("selected"), selected);
    }

    void dispose() {
        clip.frames().removeListener(framesChanged);
        clip.statusProperty().removeListener(headerChanged);
        clip.expectedFramesProperty().removeListener(headerChanged);
        clip.parametersProperty().removeListener(headerChanged);
        clip.sourceProperty().removeListener(headerChanged);
    }

    private void updateHeader() {
        var p = clip.parameters();
        header.setText(clip.label() + "  ·  " + clip.status().label() + "  ·  " + clip.frames().size() + "/"
                + clip.expectedFramesProperty().get() + " frames  ·  seed " + p.seed() + ", " + p.schedule()
                + ", motion " + String.format(java.util.Locale.ROOT, "%.2f", p.motionScore()));
    }

    private void fillStrip() {
        int expected = Math.max(clip.expectedFramesProperty().get(), clip.frames().size());
        double ratio = clip.sourceImageProperty().get() != null && clip.crop() != null
                ? clip.crop().height() / (double) clip.crop().width() : 9 / 16.0;
        if (!clip.frames().isEmpty()) {
            var img = clip.frames().get(0).image();
            ratio = img.getHeight() / img.getWidth();
        }
        double h = Math.round(THUMB_W * ratio);
        strip.getChildren().clear();
        for (int i = 0; i < expected; i++) {
            StackPane slot = new StackPane();
            slot.getStyleClass().add("frame-slot");
            slot.setMinSize(THUMB_W, h);
            slot.setPrefSize(THUMB_W, h);
            slot.setMaxSize(THUMB_W, h);
            if (i < clip.frames().size()) {
                ImageView v = new ImageView(clip.frames().get(i).image());
                v.setFitWidth(THUMB_W);
                v.setFitHeight(h);
                slot.getChildren().add(v);
                slot.getStyleClass().add("filled");
            }
            strip.getChildren().add(slot);
        }
        updateHeader();
    }

    /** Number of filled frame slots (what the user sees filling in). */
    int filledSlots() {
        return (int) strip.getChildren().stream().filter(n -> n.getStyleClass().contains("filled")).count();
    }
}
