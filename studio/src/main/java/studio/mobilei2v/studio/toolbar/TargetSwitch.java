package studio.mobilei2v.studio.toolbar;

import studio.mobilei2v.studio.shared.StudioServices;
import studio.mobilei2v.studio.shared.StudioState;
import studio.mobilei2v.studio.shared.ToolbarModel;
import studio.mobilei2v.studio.targets.RunTarget;
import studio.mobilei2v.studio.targets.TargetList;

import java.util.function.Consumer;

/** The run-target switch: follows the devices adb sees and refuses a target that cannot take a run, saying why. */
public final class TargetSwitch {
    private final StudioState state;
    private final StudioServices services;
    private final ToolbarModel model;
    private final Consumer<RunTarget> show;

    /** {@code show} puts a target back on the switch (after a refused pick). */
    TargetSwitch(StudioState state, StudioServices services, ToolbarModel model, Consumer<RunTarget> show) {
        this.state = state;
        this.services = services;
        this.model = model;
        this.show = show;
        services.devices().start(snapshot -> javafx.application.Platform.runLater(() -> applyTargets(TargetList.entries(snapshot))));
    }

    private void applyTargets(java.util.List<RunTarget> entries) {
        RunTarget current = state.target.get();
        state.targets.setAll(entries);
        RunTarget same = entries.stream().filter(t -> t.id().equals(current.id())).findFirst().orElse(null);
        if (same == null || !same.usable()) {
            if (!current.isLocal()) services.messages().warn(current.label() + " is gone; runs go to this computer again.");
            state.target.set(RunTarget.LOCAL);
        } else {
            state.target.set(same);
        }
        updateTargetStatus();
    }

    /** The user picked a target; an unusable entry is refused with its reason (the switch stays where it was). */
    public void selectTarget(RunTarget target) {
        if (target == null) return;
        if (target.equals(state.target.get())) {
            show.accept(target); // picking the current target again must still show it
            return;
        }
        if (!target.usable()) {
            services.messages().warn(target.label() + ": " + target.detail());
            show.accept(state.target.get());
            return;
        }
        if (state.running.get()) {
            services.messages().warn("Cancel the run in flight before switching where runs happen.");
            show.accept(state.target.get());
            return;
        }
        state.target.set(target);
        updateTargetStatus();
    }

    private void updateTargetStatus() {
        RunTarget t = state.target.get();
        String devices = state.targets.stream().filter(x -> x.kind() == RunTarget.Kind.NO_DEVICE)
                .map(RunTarget::label).findFirst().orElse("");
        model.targetStatus.set(t.isLocal() ? (devices.isEmpty() ? t.detail() : devices) : t.detail());
    }
}
