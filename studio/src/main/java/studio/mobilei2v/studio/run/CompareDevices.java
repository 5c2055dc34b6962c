package studio.mobilei2v.studio.run;

import studio.mobilei2v.studio.messages.Messages;
import studio.mobilei2v.studio.shared.StudioServices;
import studio.mobilei2v.studio.shared.StudioState;
import studio.mobilei2v.studio.clip.Clip;
import studio.mobilei2v.studio.targets.RunTarget;
import studio.mobilei2v.studio.shared.ToolbarModel;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.function.Consumer;

/**
 * "Compare devices": the selected clip, with the same parameters and seed, on this computer and on
 * every usable device, one after another (so no run shares a CPU with another and every figure is
 * the target's own). Each target first gets a warm-up run, recorded in the history (where the
 * model was not loaded yet it is the cold first run: the table's init and first-run columns) but
 * not kept as a take; then the measured, warm run, kept as a take labelled with the target. The runs table then has one row per
 * target: P50/P90, ms per frame against the 100 ms budget, init and link time side by side.
 */
public final class CompareDevices {
    private final StudioState state;
    private final StudioServices services;
    private final ClipRunner runner;
    private final ToolbarModel model;
    private final Consumer<Clip> afterEach;
    private final Deque<Step> pending = new ArrayDeque<>();
    private final List<String> compared = new ArrayList<>();
    private Clip clip;
    private int total;
    private boolean active;

    private record Step(RunTarget target, boolean keepTake) {
    }

    public CompareDevices(StudioState state, StudioServices services, ClipRunner runner, ToolbarModel model,
                          Consumer<Clip> afterEach) {
        this.state = state;
        this.services = services;
        this.runner = runner;
        this.model = model;
        this.afterEach = afterEach;
    }

    /** The targets a comparison runs on now: this computer, then every usable device. */
    public List<RunTarget> targets() {
        List<RunTarget> out = new ArrayList<>(List.of(RunTarget.LOCAL));
        out.addAll(state.usableDevices());
        return out;
    }

    /** UI thread. Refused with a message when nothing can be compared. */
    public void start() {
        Messages messages = services.messages();
        if (active || state.running.get()) {
            messages.warn("A run is in flight; Compare devices starts when it has finished (or cancel it).");
            return;
        }
        Clip c = state.selectedClip.get();
        if (c == null) {
            messages.info("Select a clip first; Compare devices runs it on this computer and on every device.");
            return;
        }
        List<RunTarget> targets = targets();
        if (targets.size() < 2) {
            messages.warn("No usable device is listed, so there is nothing to compare this computer with. Attach a device, "
                    + "or name the adb server of a device rack in Devices > ADB server….");
            return;
        }
        if (state.bundle.get() == null) {
            messages.error("No model is open. Pick one in the toolbar or use Open model….");
            return;
        }
        pending.clear();
        compared.clear();
        for (RunTarget t : targets) {
            pending.add(new Step(t, false)); // warm-up: loads the model where needed, so the measured run is warm
            pending.add(new Step(t, true));
        }
        clip = c;
        total = pending.size();
        active = true;
        next();
    }

    /** Drops the runs still to come (the toolbar's Cancel also cancels the one in flight). */
    public void stop() {
        if (!active) return;
        int left = pending.size();
        pending.clear();
        if (left > 0) services.messages().info("Compare devices stopped; " + left + " run" + (left == 1 ? "" : "s") + " not made.");
    }

    public boolean isActive() {
        return active;
    }

    private void next() {
        Step step = pending.poll();
        if (step == null || !state.clips.contains(clip)) {
            finish();
            return;
        }
        int n = total - pending.size();
        model.queue.set("compare: run " + n + " of " + total + " (" + step.target().label()
                + (step.keepTake() ? "" : ", warm-up") + ")");
        runner.run(clip, step.target(), step.keepTake(), outcome -> {
            if (outcome == ClipRunner.Outcome.DONE && step.keepTake()) compared.add(step.target().label());
            afterEach.accept(clip);
            if (outcome == ClipRunner.Outcome.CANCELLED || outcome == ClipRunner.Outcome.REFUSED) pending.clear();
            next();
        });
    }

    private void finish() {
        active = false;
        model.queue.set("");
        if (compared.isEmpty()) return;
        services.messages().info("Compared " + clip.label() + " on " + String.join(", ", compared)
                + "; the runs table (Latency tab) shows them side by side, and each is a take of the clip.");
    }
}
