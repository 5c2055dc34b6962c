package studio.mobilei2v.studio.toolbar;

import studio.mobilei2v.studio.shared.ToolbarModel;
import studio.mobilei2v.inference.bundle.ModelBundle;
import studio.mobilei2v.studio.messages.Messages;
import studio.mobilei2v.studio.shared.StudioServices;
import studio.mobilei2v.studio.shared.StudioState;
import studio.mobilei2v.studio.clip.Clip;
import studio.mobilei2v.studio.engine.BundleCatalog;
import studio.mobilei2v.studio.engine.BundleFacts;
import studio.mobilei2v.studio.targets.RunTarget;
import studio.mobilei2v.studio.targets.TargetList;
import studio.mobilei2v.studio.run.ClipRunner;
import studio.mobilei2v.studio.run.CompareDevices;
import studio.mobilei2v.studio.run.GenerateAllQueue;
import studio.mobilei2v.studio.run.PoolGenerateAll;
import studio.mobilei2v.studio.task.BackgroundTask;

import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * Model picker, run-target switch, Generate / Cancel and the progress line. Runs go through
 * {@link GenerationWorkflow} on a worker; this class only moves results onto the shared state.
 */
public final class ToolbarController {
    private final StudioState state;
    private final StudioServices services;
    private final ToolbarModel model = new ToolbarModel();
    private final ToolbarView view;
    private final ClipRunner runner;
    private final GenerateAllQueue queue;
    private final PoolGenerateAll pool;
    private final CompareDevices compare;
    private Consumer<Clip> onRunFinished = c -> { };

    public ToolbarController(StudioState state, StudioServices services) {
        this.state = state;
        this.services = services;
        this.runner = new ClipRunner(state, services, model);
        this.queue = new GenerateAllQueue(state, services.messages(), runner, model, c -> onRunFinished.accept(c));
        this.pool = new PoolGenerateAll(state, services, model, c -> onRunFinished.accept(c));
        this.compare = new CompareDevices(state, services, runner, model, c -> onRunFinished.accept(c));
        this.view = new ToolbarView(model, state, this);
        services.devices().start(snapshot -> javafx.application.Platform.runLater(() -> applyTargets(TargetList.entries(snapshot))));
    }

    public ToolbarView view() { return view; }

    public ToolbarModel model() { return model; }

    /** Called after a run ends (any outcome), e.g. to refresh the player. */
    public void setOnRunFinished(Consumer<Clip> c) { this.onRunFinished = c; }

    // ---- model picker ----

    /** Opens the bundled models in the background; the default (or {@code preferred}) becomes current. */
    public void loadBundledModels(Path preferred) {
        services.executor().execute(BackgroundTask.of("Find models", ctx -> {
            java.util.List<BundleFacts> found = new java.util.ArrayList<>();
            java.util.List<ModelBundle> bundles = new java.util.ArrayList<>();
            StringBuilder problems = new StringBuilder();
            for (Path dir : BundleCatalog.bundledModels()) {
                try {
                    ModelBundle b = ModelBundle.open(dir);
                    bundles.add(b);
                    found.add(BundleCatalog.facts(b));
                } catch (Exception e) {
                    problems.append(dir.getFileName()).append(": ").append(Messages.describe(e)).append('\n');
                }
            }
            if (preferred != null && bundles.stream().noneMatch(b -> b.dir().equals(preferred.toAbsolutePath().normalize()))) {
                try {
                    ModelBundle b = ModelBundle.open(preferred);
                    bundles.add(0, b);
                    found.add(0, BundleCatalog.facts(b));
                } catch (Exception e) {
                    // the remembered folder may have moved; the bundled default is used instead
                }
            }
            return new Object[] {found, bundles, problems.toString()};
        }).onSuccess(r -> {
            @SuppressWarnings("unchecked") java.util.List<BundleFacts> found = (java.util.List<BundleFacts>) r[0];
            @SuppressWarnings("unchecked") java.util.List<ModelBundle> bundles = (java.util.List<ModelBundle>) r[1];
            String problems = (String) r[2];
            if (!problems.isEmpty()) services.messages().warn("Some bundled models could not be opened:\n" + problems.trim());
            state.knownBundles.setAll(found);
            if (bundles.isEmpty()) {
                model.bundleStatus.set("no model found in " + BundleCatalog.modelsFolder() + " - use Open model…");
                return;
            }
            ModelBundle chosen = bundles.get(0);
            if (preferred != null) {
                for (ModelBundle b : bundles) if (b.dir().equals(preferred.toAbsolutePath().normalize())) chosen = b;
            }
            useBundle(chosen);
        }).onFailure(e -> services.messages().error("Looking for models failed", e)));
    }

    /** Opens a bundle folder the user picked; a bad bundle changes nothing and says what is wrong. */
    public void openBundle(Path dir) {
        services.latest().submit("bundle", BackgroundTask.of("Open model", ctx -> ModelBundle.open(dir))
                .onSuccess(this::useBundle)
                .onFailure(e -> services.messages().error("Cannot open the model in " + dir, e)));
    }

    /** Switches to an already known bundle (from the picker). */
    public void selectBundle(BundleFacts facts) {
        if (facts == null || (state.facts.get() != null && state.facts.get().folder().equals(facts.folder()))) return;
        if (state.running.get()) {
            services.messages().warn("Cancel the run in flight before switching models.");
            return;
        }
        openBundle(facts.folder());
    }

    private void useBundle(ModelBundle bundle) {
        BundleFacts facts = BundleCatalog.facts(bundle);
        state.knownBundles.removeIf(f -> f.folder().equals(facts.folder()));
        state.knownBundles.add(0, facts);
        state.bundle.set(bundle);
        state.facts.set(facts);
        model.bundleStatus.set(facts.label());
    }

    // ---- run target ----

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
            view.showTarget(target); // picking the current target again must still show it
            return;
        }
        if (!target.usable()) {
            services.messages().warn(target.label() + ": " + target.detail());
            view.showTarget(state.target.get());
            return;
        }
        if (state.running.get()) {
            services.messages().warn("Cancel the run in flight before switching where runs happen.");
            view.showTarget(state.target.get());
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
        Clip runClip = clip;
        runner.run(runClip, outcome -> onRunFinished.accept(runClip));
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
