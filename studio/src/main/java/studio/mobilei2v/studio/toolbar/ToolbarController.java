package studio.mobilei2v.studio.toolbar;

import studio.mobilei2v.studio.shared.ToolbarModel;
import studio.mobilei2v.studio.shared.StudioServices;
import studio.mobilei2v.studio.shared.StudioState;
import studio.mobilei2v.studio.clip.Clip;
import studio.mobilei2v.studio.engine.BundleFacts;
import studio.mobilei2v.studio.targets.RunTarget;
import studio.mobilei2v.studio.run.ClipRunner;
import studio.mobilei2v.studio.run.CompareDevices;
import studio.mobilei2v.studio.run.GenerateAllQueue;
import studio.mobilei2v.studio.run.PoolGenerateAll;

import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Predicate;
import javafx.scene.control.Alert;
import javafx.scene.control.ButtonType;
import studio.mobilei2v.studio.engine.ProgressClock;
import studio.mobilei2v.studio.engine.RunEstimate;

/**
 * The toolbar's actions: Generate / Cancel and the batch runs here, the model picker
 * ({@link ModelPicker}) and run-target switch ({@link TargetSwitch}) beside it. Runs go through
 * the run package on a worker; this class only starts and stops them.
 */
public final class ToolbarController {
    private final StudioState state;
    private final StudioServices services;
    private final ToolbarModel model = new ToolbarModel();
    private final ToolbarView view;
    private final ModelPicker models;
    private final TargetSwitch targets;
    private final ClipRunner runner;
    private final GenerateAllQueue queue;
    private final PoolGenerateAll pool;
    private final CompareDevices compare;
    private Consumer<Clip> onRunFinished = c -> { };
    private Predicate<RunEstimate> confirmSlowRun = ToolbarController::askBeforeSlowRun;

    public ToolbarController(StudioState state, StudioServices services) {
        this.state = state;
        this.services = services;
        this.runner = new ClipRunner(state, services, model);
        this.queue = new GenerateAllQueue(state, services.messages(), runner, model, c -> onRunFinished.accept(c));
        this.pool = new PoolGenerateAll(state, services, model, c -> onRunFinished.accept(c));
        this.compare = new CompareDevices(state, services, runner, model, c -> onRunFinished.accept(c));
        this.models = new ModelPicker(state, services, model);
        this.view = new ToolbarView(model, state, this);
        this.targets = new TargetSwitch(state, services, model, view::showTarget);
        javafx.beans.InvalidationListener update = o -> updateEstimate();
        state.selectedClip.addListener((o, before, now) -> {
            if (before != null) before.parametersProperty().removeListener(update);
            if (now != null) now.parametersProperty().addListener(update);
            updateEstimate();
        });
        for (javafx.beans.Observable o : List.of(state.clips, state.facts, state.target, state.history, state.running)) {
            o.addListener(update); // what the estimate depends on
        }
    }

    public ToolbarView view() { return view; }

    public ToolbarModel model() { return model; }

    /** Called after a run ends (any outcome), e.g. to refresh the player. */
    public void setOnRunFinished(Consumer<Clip> c) { this.onRunFinished = c; }

    // ---- model picker and run target ----

    /** Opens the bundled models in the background; the default (or {@code preferred}) becomes current. */
    public void loadBundledModels(Path preferred) { models.loadBundledModels(preferred); }

    /** Opens a bundle folder the user picked; a bad bundle changes nothing and says what is wrong. */
    public void openBundle(Path dir) { models.openBundle(dir); }

    /** Switches to an already known bundle (from the picker). */
    public void selectBundle(BundleFacts facts) { models.selectBundle(facts); }

    /** The user picked a target; an unusable entry is refused with its reason (the switch stays where it was). */
    public void selectTarget(RunTarget target) { targets.selectTarget(target); }

    // ---- generate / cancel ----

    /** Generates the selected clip (the first one when none is selected). */
    public void generate() {
        if (state.running.get()) return;
        Clip clip = state.selectedClip.get();
        if (clip == null && !state.clips.isEmpty()) {
            clip = state.clips.get(0);
            state.selectedClip.set(clip);
        }
        if (clip == null) {
            services.messages().info("Add a picture first (File > Add pictures…, Ctrl+O, or drop one on the timeline); Generate turns it into a clip.");
            return;
        }
        RunEstimate estimate = runner.estimate(clip, state.target.get());
        if (estimate != null && estimate.slow() && !confirmSlowRun.test(estimate)) return;
        Clip runClip = clip;
        runner.run(runClip, outcome -> onRunFinished.accept(runClip));
    }

    /** Shows how long Generate would take for the selected clip (or the first one). */
    private void updateEstimate() {
        Clip clip = state.selectedClip.get() != null ? state.selectedClip.get() : state.clips.isEmpty() ? null : state.clips.get(0);
        RunEstimate e = clip == null ? null : runner.estimate(clip, state.target.get());
        model.estimate.set(e == null ? "" : e.label());
    }

    /** What asks before a run longer than {@link RunEstimate#SLOW_SECONDS} starts (tests answer it themselves). */
    public void setConfirmSlowRun(Predicate<RunEstimate> confirm) { this.confirmSlowRun = confirm; }

    private static boolean askBeforeSlowRun(RunEstimate e) {
        Alert ask = new Alert(Alert.AlertType.CONFIRMATION, "This run will take " + e.label()
                + ". The studio stays usable meanwhile and Cancel (Esc) stops it.", ButtonType.OK, ButtonType.CANCEL);
        ask.setTitle("A long run");
        ask.setHeaderText("Generate will take " + ProgressClock.format(e.seconds()));
        return ask.showAndWait().filter(b -> b == ButtonType.OK).isPresent();
    }

    /** Generates every clip that has no take yet, in timeline order. */
    public void generateAll() {
        queue.start();
    }

    /** Every clip without a take, spread over every usable device (and this computer when the toolbar model says so). */
    public void generateAllOnDevices() {
        pool.start(model.poolIncludesThisComputer.get());
    }

    /** The selected clip on this computer and on every usable device, one after another. */
    public void compareDevices() {
        compare.start();
    }

    /** Stops the run in flight and what the Generate-all queue, the pool or a comparison still had to do. */
    public void cancel() {
        queue.stop();
        compare.stop();
        pool.cancel();
        runner.cancel();
    }

    public PoolGenerateAll pool() { return pool; }

    public CompareDevices compare() { return compare; }

    public ClipRunner runner() { return runner; }

    public GenerateAllQueue queue() { return queue; }

    /** Export progress shown in the toolbar too ("export frame 5/17"), so the main window says what is going on. */
    public void showExportProgress(double fraction, String message) {
        if (state.running.get()) return;
        model.stage.set(message);
        model.progress.set(fraction);
    }

    public boolean isRunInFlight() {
        return runner.isRunInFlight() || pool.isActive();
    }
}
