package studio.mobilei2v.studio.timeline;

import javafx.collections.ListChangeListener;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.input.DragEvent;
import javafx.scene.input.Dragboard;
import javafx.scene.input.TransferMode;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import studio.mobilei2v.studio.shared.StudioState;
import studio.mobilei2v.studio.clip.Clip;

import java.io.File;
import java.util.List;

/**
 * The timeline strip. Drops: files anywhere (inserted where the marker shows), or a clip card
 * being dragged (reorder). The drop handler only converts the event into paths + an index and
 * calls {@link TimelineController#dropFiles}.
 */
public final class TimelineView {
    private final VBox root = new VBox(4);
    private final HBox cards = new HBox(8);
    private final Region marker = new Region();
    private final StudioState state;
    private final TimelineController controller;

    TimelineView(StudioState state, TimelineController controller) {
        this.state = state;
        this.controller = controller;
        Label title = new Label("Timeline");
        title.getStyleClass().add("panel-title");
        Label hint = new Label("Drop images here to add clips (several at once is fine), or an exported video to restore its clip. Drag a clip to reorder it.");
        hint.getStyleClass().add("hint");
        HBox head = new HBox(12, title, hint);
        head.setAlignment(Pos.BASELINE_LEFT);

        cards.setId("timelineCards");
        cards.setPadding(new Insets(6));
        cards.setAlignment(Pos.TOP_LEFT);
        cards.setMinHeight(90);
        marker.getStyleClass().add("drop-marker");
        marker.setMinWidth(4);
        marker.setPrefWidth(4);
        marker.setManaged(true);
        Label emptyText = new Label("No clips yet - drop one or more images here, or");
        emptyText.getStyleClass().add("empty-timeline");
        javafx.scene.control.Button add = new javafx.scene.control.Button("Add pictures…");
        add.setId("addPictures");
        add.setTooltip(new javafx.scene.control.Tooltip("Choose pictures to add as clips (Ctrl+O)"));
        add.setOnAction(e -> controller.addPicturesAction().run());
        HBox empty = new HBox(10, emptyText, add);
        empty.setAlignment(Pos.CENTER_LEFT);
        empty.setId("timelineEmpty");

        ScrollPane scroll = new ScrollPane(cards);
        scroll.setFitToHeight(true);
        scroll.setVbarPolicy(ScrollPane.ScrollBarPolicy.AS_NEEDED);
        scroll.setId("timeline");
        VBox.setVgrow(scroll, javafx.scene.layout.Priority.ALWAYS);
        root.getChildren().addAll(head, scroll);
        root.setPadding(new Insets(6, 8, 8, 8));
        root.getStyleClass().add("timeline-pane");

        state.clips.addListener((ListChangeListener<Clip>) c -> rebuild(empty));
        state.selectedClip.addListener((o, a, b) -> markSelection());
        rebuild(empty);

        root.setOnDragOver(this::dragOver);
        root.setOnDragExited(e -> cards.getChildren().remove(marker));
        root.setOnDragDropped(this::dragDropped);
    }

    private void rebuild(Node empty) {
        for (Node n : cards.getChildren()) if (n instanceof ClipCard card) card.dispose();
        cards.getChildren().clear();
        for (Clip c : state.clips) cards.getChildren().add(new ClipCard(c, controller));
        if (state.clips.isEmpty()) cards.getChildren().add(empty);
        markSelection();
    }

    private void markSelection() {
        for (Node n : cards.getChildren()) if (n instanceof ClipCard card) card.setSelected(card.clip() == state.selectedClip.get());
    }

    /** Index before which a drop at scene-x {@code sceneX} inserts: before the first card whose middle is right of it. */
    int insertIndexAt(double sceneX) {
        int i = 0;
        for (Node n : cards.getChildren()) {
            if (!(n instanceof ClipCard)) continue;
            var b = n.localToScene(n.getBoundsInLocal());
            if (sceneX < b.getMinX() + b.getWidth() / 2) return i;
            i++;
        }
        return i;
    }

    private void dragOver(DragEvent e) {
        Dragboard db = e.getDragboard();
        boolean clipMove = db.hasString() && db.getString().startsWith(ClipCard.DRAG_PREFIX);
        if (db.hasFiles() || clipMove) {
            e.acceptTransferModes(clipMove ? TransferMode.MOVE : TransferMode.COPY);
            int index = insertIndexAt(e.getSceneX());
            cards.getChildren().remove(marker);
            int childIndex = 0;
            int seen = 0;
            for (Node n : cards.getChildren()) {
                if (n instanceof ClipCard) {
                    if (seen == index) break;
                    seen++;
                }
                childIndex++;
            }
            cards.getChildren().add(Math.min(childIndex, cards.getChildren().size()), marker);
        }
        e.consume();
    }

    private void dragDropped(DragEvent e) {
        cards.getChildren().remove(marker);
        Dragboard db = e.getDragboard();
        int index = insertIndexAt(e.getSceneX());
        boolean done = false;
        if (db.hasString() && db.getString().startsWith(ClipCard.DRAG_PREFIX)) {
            String id = db.getString().substring(ClipCard.DRAG_PREFIX.length());
            state.clips.stream().filter(c -> c.id().toString().equals(id)).findFirst()
                    .ifPresent(c -> controller.moveClip(c, index));
            done = true;
        } else if (db.hasFiles()) {
            List<File> files = db.getFiles();
            controller.dropFiles(files.stream().map(File::toPath).toList(), index);
            done = true;
        }
        e.setDropCompleted(done);
        e.consume();
    }

    /** The card showing {@code clip}, for tests and keyboard focus. */
    public int filledSlots(Clip clip) {
        for (Node n : cards.getChildren()) if (n instanceof ClipCard card && card.clip() == clip) return card.filledSlots();
        return -1;
    }

    /** The line a clip's card shows under its name (what made its frames), or null when it has no card. */
    public String madeText(Clip clip) {
        for (Node n : cards.getChildren()) if (n instanceof ClipCard card && card.clip() == clip) return card.madeText();
        return null;
    }

    public VBox root() { return root; }
}
