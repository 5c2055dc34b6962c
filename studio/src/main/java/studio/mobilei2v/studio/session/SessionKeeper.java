package studio.mobilei2v.studio.session;

import javafx.animation.PauseTransition;
import javafx.application.Platform;
import javafx.beans.InvalidationListener;
import javafx.beans.Observable;
import javafx.collections.ListChangeListener;
import javafx.util.Duration;
import studio.mobilei2v.inference.VideoFrame;
import studio.mobilei2v.studio.messages.Messages;
import studio.mobilei2v.studio.shared.StudioState;
import studio.mobilei2v.studio.clip.Clip;
import studio.mobilei2v.studio.clip.ClipFrame;
import studio.mobilei2v.studio.clip.ClipStatus;
import studio.mobilei2v.studio.clip.Take;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Saves the session as you go: any change to the timeline, the selection or a clip (settings,
 * crop, picture, takes) schedules a save a moment later. The document is put together on the UI
 * thread (cheap: references only); new takes' frames and the file are written on one writer
 * thread, in order, so the newest session is always the one left on disk. Quitting calls
 * {@link #saveNow()}, which waits for the write.
 */
public final class SessionKeeper implements AutoCloseable {
    private final StudioState state;
    private final Messages messages;
    private final SessionStore store;
    private final FrameStore frames;
    private final ExecutorService writer = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "session-writer");
        t.setDaemon(true);
        return t;
    });
    private final PauseTransition debounce = new PauseTransition(Duration.millis(400));
    private final InvalidationListener clipChanged = o -> schedule();
    private final Set<Clip> watched = new HashSet<>();
    private boolean enabled;
    private volatile String lastProblem;

    public SessionKeeper(StudioState state, Messages messages, SessionStore store, FrameStore frames) {
        this.state = state;
        this.messages = messages;
        this.store = store;
        this.frames = frames;
        debounce.setOnFinished(e -> save());
    }

    /** Starts saving (after the previous session was restored, so it is never overwritten by an empty one). */
    public void enable() {
        if (enabled) return;
        enabled = true;
        state.clips.addListener((ListChangeListener<Clip>) c -> { rewatch(); schedule(); });
        state.selectedClip.addListener(o -> schedule());
        rewatch();
        schedule();
    }

    public boolean isEnabled() { return enabled; }

    /** Deletes kept frames no take of the session names any more (runs on the writer, before any new save). */
    public void prune(Set<String> keepTakeIds) {
        if (writer.isShutdown()) return; // a restore that finished after the studio closed: nothing to keep tidy
        try {
            writer.execute(() -> {
                try {
                    frames.prune(keepTakeIds);
                } catch (Exception e) {
                    // old frames left on disk cost space, not work; the next start tries again
                }
            });
        } catch (RejectedExecutionException e) {
            // closed meanwhile on another thread: the next start prunes
        }
    }

    private void rewatch() {
        for (Clip c : new ArrayList<>(watched)) {
            if (!state.clips.contains(c)) { unwatch(c); watched.remove(c); }
        }
        for (Clip c : state.clips) {
            if (watched.add(c)) {
                savedParts(c).forEach(o -> o.addListener(clipChanged));
            }
        }
    }

    private void unwatch(Clip c) {
        savedParts(c).forEach(o -> o.removeListener(clipChanged));
    }

    /** The parts of a clip the session file holds: a change to any of them schedules a save. */
    private static List<Observable> savedParts(Clip c) {
        return List.of(c.parametersProperty(), c.cropProperty(), c.sourceProperty(), c.currentTakeProperty(), c.takes());
    }

    private void schedule() {
        if (enabled) debounce.playFromStart();
    }

    /** Writes the session in the background. UI thread. */
    public void save() {
        if (!enabled || writer.isShutdown()) return;
        Runnable write = writeTask(snapshot());
        try {
            writer.execute(write);
        } catch (RejectedExecutionException e) {
            // closed on another thread between the check and here (a test's teardown): quitting saves with saveNow
        }
    }

    /** Writes the session and waits for it (quitting). UI thread. */
    public void saveNow() throws Exception {
        if (!enabled || writer.isShutdown()) return;
        debounce.stop();
        writer.submit(writeTask(snapshot())).get(60, TimeUnit.SECONDS);
        if (lastProblem != null) throw new java.io.IOException(lastProblem);
    }

    private record Snapshot(SessionDocument document, Map<String, List<VideoFrame>> newFrames) {
    }

    private Runnable writeTask(Snapshot s) {
        return () -> {
            try {
                for (Map.Entry<String, List<VideoFrame>> e : s.newFrames().entrySet()) frames.write(e.getKey(), e.getValue());
                store.save(s.document());
                lastProblem = null;
            } catch (Exception e) {
                String problem = "The session could not be saved to " + store.file() + ": " + Messages.describe(e);
                boolean repeat = problem.equals(lastProblem);
                lastProblem = problem;
                if (!repeat) Platform.runLater(() -> messages.error(problem));
            }
        };
    }

    private Snapshot snapshot() {
        List<SessionDocument.ClipEntry> entries = new ArrayList<>();
        Map<String, List<VideoFrame>> newFrames = new LinkedHashMap<>();
        for (Clip c : state.clips) {
            List<SessionDocument.TakeEntry> takes = new ArrayList<>();
            for (Take t : c.takes()) {
                String id = t.id().toString();
                if (!frames.has(id)) newFrames.put(id, t.frames().stream().map(ClipFrame::pixels).toList());
                takes.add(new SessionDocument.TakeEntry(id, t.parameters(), t.crop(), t.model(),
                        t.status() == ClipStatus.RESTORED ? "restored" : "done", t.target(), FrameStore.relativeDir(id),
                        t.frames().size(), t.report()));
            }
            Take current = c.currentTake();
            entries.add(new SessionDocument.ClipEntry(c.id().toString(), c.source().name(), c.source().file().toAbsolutePath().toString(),
                    c.source().sha256(), c.crop(), c.parameters(), c.fpsProperty().get(),
                    current == null ? null : current.id().toString(), takes));
        }
        Clip sel = state.selectedClip.get();
        return new Snapshot(new SessionDocument(SessionDocument.FORMAT, Instant.now().toString(),
                sel == null ? null : sel.id().toString(), entries), newFrames);
    }

    public Path file() { return store.file(); }

    @Override
    public void close() {
        debounce.stop();
        writer.shutdown();
        try {
            writer.awaitTermination(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
