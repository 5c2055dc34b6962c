package studio.mobilei2v.studio.run;

import studio.mobilei2v.studio.messages.Messages;
import studio.mobilei2v.studio.shared.StudioState;
import studio.mobilei2v.studio.clip.Clip;
import studio.mobilei2v.studio.shared.ToolbarModel;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.function.Consumer;

/**
 * "Generate all" on this computer (or the one selected target): every clip without a take, in
 * timeline order, one run after another through the same {@link ClipRunner} a single Generate
 * uses. A clip deleted while queued is skipped; Cancel stops the run in flight and the rest.
 * Kept apart from the toolbar so a device pool can take over the dispatching later.
 */
public final class GenerateAllQueue {
    private final StudioState state;
    private final Messages messages;
    private final ClipRunner runner;
    private final ToolbarModel model;
    private final Consumer<Clip> afterEach;
    private final Deque<Clip> pending = new ArrayDeque<>();
    private int total;
    private int done;
    private int failed;
    private boolean active;

    public GenerateAllQueue(StudioState state, Messages messages, ClipRunner runner, ToolbarModel model, Consumer<Clip> afterEach) {
        this.state = state;
        this.messages = messages;
        this.runner = runner;
        this.model = model;
        this.afterEach = afterEach;
    }

    /** Clips that "Generate all" would run now, in order. */
    public List<Clip> ungenerated() {
        return state.ungeneratedClips();
    }

    /** UI thread. Refused (with a message) while a run is in flight. */
    public void start() {
        if (active || state.running.get()) {
            messages.warn("A run is in flight; Generate all starts when it has finished (or cancel it).");
            return;
        }
        List<Clip> todo = ungenerated();
        if (todo.isEmpty()) {
            messages.info(nothingToGenerate(state));
            return;
        }
        pending.clear();
        pending.addAll(todo);
        total = todo.size();
        done = 0;
        failed = 0;
        active = true;
        next();
    }

    /** Why "Generate all" (here or over the device pool) has nothing to run. */
    static String nothingToGenerate(StudioState state) {
        return state.clips.isEmpty() ? "Add pictures first; Generate all runs every clip that has no frames yet."
                : "Every clip already has a take; use Re-run on a clip to make another.";
    }

    /** Drops what is still queued (the toolbar's Cancel also cancels the run in flight). */
    public void stop() {
        if (!active) return;
        int left = pending.size();
        pending.clear();
        if (left > 0) messages.info("Generate all stopped; " + left + " clip" + (left == 1 ? "" : "s") + " not run.");
    }

    public boolean isActive() { return active; }

    private void next() {
        Clip clip = pending.poll();
        while (clip != null && !state.clips.contains(clip)) clip = pending.poll(); // deleted meanwhile
        if (clip == null) {
            finish();
            return;
        }
        state.selectedClip.set(clip);
        model.queue.set("clip " + (done + 1) + " of " + total);
        Clip running = clip;
        runner.run(running, outcome -> {
            done++;
            if (outcome != ClipRunner.Outcome.DONE) failed++;
            afterEach.accept(running);
            if (outcome == ClipRunner.Outcome.CANCELLED) pending.clear();
            if (outcome == ClipRunner.Outcome.REFUSED) pending.clear(); // the reason is already a message
            next();
        });
    }

    private void finish() {
        active = false;
        model.queue.set("");
        if (total > 0 && failed == 0) messages.info("Generate all: " + done + " of " + total + " clips generated.");
        else if (total > 0) messages.warn("Generate all: " + (done - failed) + " of " + total + " clips generated, "
                + failed + " not (cancelled or failed; see above).");
    }
}
