package studio.mobilei2v.studio.timeline;

import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import studio.mobilei2v.studio.shared.StudioState;
import studio.mobilei2v.studio.clip.Clip;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/**
 * Undo and redo of timeline edits (add, delete, move, extend). Each edit remembers the clip
 * order and selection before it; undo puts that back and keeps the state it left for redo.
 * Clips are kept whole (frames and takes included), so an undone delete loses nothing.
 * UI thread only.
 */
public final class TimelineEdits {
    /** Bounded so a long session does not keep every deleted clip's frames forever. */
    static final int LIMIT = 100;

    private record Snapshot(String what, List<Clip> order, Clip selected) {
    }

    private final StudioState state;
    private final Deque<Snapshot> undo = new ArrayDeque<>();
    private final Deque<Snapshot> redo = new ArrayDeque<>();
    private final ReadOnlyBooleanWrapper canUndo = new ReadOnlyBooleanWrapper(this, "canUndo");
    private final ReadOnlyBooleanWrapper canRedo = new ReadOnlyBooleanWrapper(this, "canRedo");
    private final ReadOnlyStringWrapper undoName = new ReadOnlyStringWrapper(this, "undoName", "");
    private final ReadOnlyStringWrapper redoName = new ReadOnlyStringWrapper(this, "redoName", "");

    public TimelineEdits(StudioState state) {
        this.state = state;
    }

    /** Call right before changing the timeline; {@code what} names the edit ("delete photo.jpg"). */
    public void beforeEdit(String what) {
        undo.push(snapshot(what));
        while (undo.size() > LIMIT) undo.removeLast();
        redo.clear();
        update();
    }

    /** @return the name of the edit undone, or null when there was none */
    public String undo() {
        return step(undo, redo);
    }

    /** @return the name of the edit redone, or null when there was none */
    public String redo() {
        return step(redo, undo);
    }

    /** Goes back to the snapshot on top of {@code from}, keeping today's timeline on {@code to}. */
    private String step(Deque<Snapshot> from, Deque<Snapshot> to) {
        Snapshot s = from.poll();
        if (s == null) return null;
        to.push(snapshot(s.what()));
        apply(s);
        return s.what();
    }

    /** Forgets everything (a session was replaced). */
    public void clear() {
        undo.clear();
        redo.clear();
        update();
    }

    public ReadOnlyBooleanProperty canUndoProperty() { return canUndo.getReadOnlyProperty(); }
    public ReadOnlyBooleanProperty canRedoProperty() { return canRedo.getReadOnlyProperty(); }
    public ReadOnlyStringProperty undoNameProperty() { return undoName.getReadOnlyProperty(); }
    public ReadOnlyStringProperty redoNameProperty() { return redoName.getReadOnlyProperty(); }

    private Snapshot snapshot(String what) {
        return new Snapshot(what, List.copyOf(state.clips), state.selectedClip.get());
    }

    private void apply(Snapshot s) {
        List<Clip> order = s.order();
        for (Clip running : state.clips) {
            if (state.isGenerating(running) && !order.contains(running)) {
                // a clip being generated never disappears under its run: keep it at the end
                order = new java.util.ArrayList<>(order);
                order.add(running);
            }
        }
        state.clips.setAll(order);
        state.selectedClip.set(s.selected() != null && order.contains(s.selected()) ? s.selected()
                : order.isEmpty() ? null : order.get(0));
        update();
    }

    private void update() {
        canUndo.set(!undo.isEmpty());
        canRedo.set(!redo.isEmpty());
        undoName.set(undo.isEmpty() ? "" : undo.peek().what());
        redoName.set(redo.isEmpty() ? "" : redo.peek().what());
    }
}
