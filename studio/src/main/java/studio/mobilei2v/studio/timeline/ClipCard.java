package studio.mobilei2v.studio.timeline;

import javafx.beans.Observable;
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
import studio.mobilei2v.studio.clip.ClipParameters;
import studio.mobilei2v.studio.clip.ClipStatus;
import studio.mobilei2v.studio.clip.Take;

import java.util.List;

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
    private final Label name = new Label();
    private final Label takeLabel = new Label();
    private final Button previousTake = new Button("◀");
    private final Button nextTake = new Button("▶");
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
        rerun.setTooltip(new Tooltip("Generate this clip again with the settings in the Source panel (adds a take; the earlier ones stay)"));
        rerun.setOnAction(e -> controller.rerun(clip));
        Button extend = new Button("Extend");
        extend.setTooltip(new Tooltip("New clip after this one, starting from its last frame"));
        extend.setOnAction(e -> controller.extend(clip));
        Button delete = new Button("Delete");
        delete.setTooltip(new Tooltip("Remove from the timeline (Delete; Ctrl+Z brings it back)"));
        delete.setOnAction(e -> controller.delete(clip));
        previousTake.setTooltip(new Tooltip("Show the previous take"));
        previousTake.setOnAction(e -> stepTake(-1));
        nextTake.setTooltip(new Tooltip("Show the next take"));
        nextTake.setOnAction(e -> stepTake(1));
        for (Button b : new Button[] {rerun, extend, delete, previousTake, nextTake}) b.getStyleClass().add("small");
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        takeLabel.getStyleClass().add("hint");
        HBox actions = new HBox(4, name, spacer, previousTake, takeLabel, nextTake, rerun, extend, delete);
        actions.setAlignment(Pos.CENTER_LEFT);
        header.getStyleClass().add("hint");
        header.setId("clipMade");
        // the card is as wide as its strip: longer text is cut with "…" (full text in the tooltip)
        // instead of making the card wider or taller than the timeline
        header.setWrapText(false);
        header.setTextOverrun(javafx.scene.control.OverrunStyle.ELLIPSIS);
        Tooltip madeTip = new Tooltip();
        madeTip.textProperty().bind(header.textProperty());
        header.setTooltip(madeTip);
        name.setMaxWidth(160);
        name.setMinWidth(40);
        getChildren().addAll(actions, header, strip);

        clip.frames().addListener(framesChanged);
        headerSources().forEach(o -> o.addListener(headerChanged));
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
        headerSources().forEach(o -> o.removeListener(headerChanged));
    }

    /** What the header shows: watched from construction until {@link #dispose}. */
    private List<Observable> headerSources() {
        return List.of(clip.statusProperty(), clip.expectedFramesProperty(), clip.parametersProperty(),
                clip.sourceProperty(), clip.currentTakeProperty(), clip.takes());
    }

    private void stepTake(int by) {
        Take t = clip.currentTake();
        int i = t == null ? clip.takes().size() - 1 : clip.takes().indexOf(t) + by;
        if (clip.status() != ClipStatus.RUNNING && i >= 0 && i < clip.takes().size()) clip.showTake(clip.takes().get(i));
    }

    private void updateHeader() {
        name.setText(clip.label());
        Take t = clip.currentTake();
        int n = clip.takes().size();
        int k = t == null ? 0 : clip.takes().indexOf(t) + 1;
        takeLabel.setText(n == 0 ? "" : clip.status() == ClipStatus.RUNNING ? "take " + (n + 1) : "take " + k + "/" + n);
        boolean browse = n > 1 && clip.status() != ClipStatus.RUNNING;
        previousTake.setVisible(browse);
        previousTake.setManaged(browse);
        nextTake.setVisible(browse);
        nextTake.setManaged(browse);
        previousTake.setDisable(k <= 1);
        nextTake.setDisable(k >= n);
        String frames = clip.frames().size() + "/" + clip.expectedFramesProperty().get() + " frames";
        // what made the frames shown (the take), not what the Source panel holds now
        ClipParameters made = t != null ? t.parameters() : clip.parameters();
        String text = clip.status().label() + "  ·  " + frames + "  ·  " + describe(made);
        if (t != null && !t.parameters().equals(clip.parameters())) text += "  ·  settings changed: Re-run to apply";
        header.setText(text);
    }

    /** "seed 7, distilled-1, motion 2.00, pan-left". */
    static String describe(ClipParameters p) {
        return "seed " + p.seed() + ", " + p.schedule() + ", motion " + String.format(java.util.Locale.ROOT, "%.2f", p.motionScore())
                + (p.camera() == null ? "" : ", " + p.camera());
    }

    /** The line under the clip's name (what made its frames), for tests. */
    String madeText() { return header.getText(); }

    private void fillStrip() {
        int expected = Math.max(clip.expectedFramesProperty().get(), clip.frames().size());
        double ratio = clip.sourceImageProperty().get() != null && clip.crop() != null
                ? clip.crop().height() / (double) clip.crop().width() : 9 / 16.0;
        if (!clip.frames().isEmpty()) {
            var img = clip.frames().get(0).image();
            ratio = img.getHeight() / img.getWidth();
        }
        double h = Math.round(THUMB_W * ratio);
        double stripWidth = expected * THUMB_W + Math.max(0, expected - 1) * strip.getSpacing();
        header.setMaxWidth(stripWidth);
        strip.getChildren().clear();
        for (int i = 0; i < expected; i++) {
            StackPane slot = new StackPane();
            slot.getStyleClass().add("frame-slot");
            slot.setMinSize(THUMB_W, h);
            slot.setPrefSize(THUMB_W, h);
            slot.setMaxSize(THUMB_W, h);
            if (i < clip.frames().size()) {
                ImageView v = new ImageView(clip.frames().get(i).thumbnail());
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
