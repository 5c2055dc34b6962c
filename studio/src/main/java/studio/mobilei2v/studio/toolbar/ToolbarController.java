package studio.mobilei2v.studio.toolbar;

import javafx.animation.KeyFrame;
import javafx.animation.Timeline;
import javafx.util.Duration;
import studio.mobilei2v.inference.Cancellation;
import studio.mobilei2v.inference.RunReport;
import studio.mobilei2v.inference.bundle.ModelBundle;
import studio.mobilei2v.studio.app.Messages;
import studio.mobilei2v.studio.app.StudioServices;
import studio.mobilei2v.studio.app.StudioState;
import studio.mobilei2v.studio.clip.Clip;
import studio.mobilei2v.studio.clip.ClipParameters;
import studio.mobilei2v.studio.clip.ClipStatus;
import studio.mobilei2v.studio.engine.BundleCatalog;
import studio.mobilei2v.studio.engine.BundleFacts;
import studio.mobilei2v.studio.engine.GenerationWorkflow;
import studio.mobilei2v.studio.engine.ProgressClock;
import studio.mobilei2v.studio.engine.RunProgress;
import studio.mobilei2v.studio.engine.ScheduleChoice;
import studio.mobilei2v.studio.clip.ClipFrame;
import studio.mobilei2v.studio.history.RunRecord;
import studio.mobilei2v.studio.targets.RunTarget;
import studio.mobilei2v.studio.targets.TargetList;
import studio.mobilei2v.studio.task.BackgroundTask;
import studio.mobilei2v.studio.task.TaskHandle;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;
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
    private final GenerationWorkflow workflow;
    private final Timeline ticker;
    private TaskHandle runHandle;
    private ProgressClock clock;
    private double fraction;
    private Consumer<Clip> onRunFinished = c -> { };

    public ToolbarController(StudioState state, StudioServices services) {
        this.state = state;
        this.services = services;
        this.workflow = new GenerationWorkflow(services.generators());
        this.view = new ToolbarView(model, state, this);
        this.ticker = new Timeline(new KeyFrame(Duration.millis(100), e -> tick()));
        ticker.setCycleCount(Timeline.INDEFINITE);
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
        if (target == null || target.equals(state.target.get())) return;
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

    public void generate() {
        if (state.running.get()) return;
        Clip clip = state.selectedClip.get();
        if (clip == null && !state.clips.isEmpty()) {
            clip = state.clips.get(0);
            state.selectedClip.set(clip);
        }
        if (clip == null) {
            services.messages().info("Drop an image on the timeline first; Generate turns it into a clip.");
            return;
        }
        ModelBundle bundle = state.bundle.get();
        BundleFacts facts = state.facts.get();
        if (bundle == null || facts == null) {
            services.messages().error("No model is open. Pick one in the toolbar or use Open model….");
            return;
        }
        RunTarget target = state.target.get();
        ClipParameters p = clip.parameters();
        int steps = facts.schedule(p.schedule()).map(ScheduleChoice::steps).orElse(-1);
        if (steps < 0) {
            services.messages().error("The clip asks for schedule '" + p.schedule() + "', which " + facts.name() + " does not offer.");
            return;
        }
        GenerationWorkflow.Job job = new GenerationWorkflow.Job(bundle, target, clip.source(), clip.crop(), p, steps, facts.frames());
        RunReport previous = previousReport(facts, target, p.schedule());
        Clip runClip = clip;
        runClip.frames().clear();
        runClip.expectedFramesProperty().set(facts.frames());
        runClip.fpsProperty().set((int) Math.round(facts.fps()));
        runClip.modelProperty().set(facts.name());
        runClip.statusProperty().set(ClipStatus.RUNNING);
        state.running.set(true);
        state.runningClip.set(runClip);
        model.stage.set("load");
        model.progress.set(0);
        fraction = 0;
        clock = new ProgressClock(System.nanoTime());
        ticker.play();
        Cancellation cancel = new Cancellation();
        String startedAt = Instant.now().toString();
        BackgroundTask<RunReport> task = BackgroundTask.of("Generate " + runClip.label(), ctx -> {
            ctx.onCancel(cancel::cancel);
            long start = System.nanoTime();
            ctx.publish(() -> clock = new ProgressClock(start)); // ETA measured from execution start
            return workflow.run(job, previous, new GenerationWorkflow.Sink() {
                @Override public void progress(RunProgress p2) { ctx.publish(() -> applyProgress(p2)); }
                @Override public void frame(ClipFrame f) { ctx.publish(() -> runClip.frames().add(f)); }
            }, cancel);
        }).onSuccess(report -> {
            runClip.lastReportProperty().set(report);
            runClip.statusProperty().set(ClipStatus.DONE);
            state.lastReport.set(report);
            state.lastReportTarget.set(target);
            // the report's total is the pipeline alone; elapsed (beside it) also counts opening the model
            model.stage.set("done: run took " + ProgressClock.format(report.totalMs() / 1000));
            model.progress.set(1);
            record(startedAt, target, facts, runClip, steps, "done", null, report);
        }).onCancelled(() -> {
            runClip.statusProperty().set(ClipStatus.CANCELLED);
            model.stage.set("cancelled");
            model.progress.set(0);
            record(startedAt, target, facts, runClip, steps, "cancelled", null, null);
        }).onFailure(e -> {
            runClip.statusProperty().set(ClipStatus.FAILED);
            model.stage.set("failed");
            model.progress.set(0);
            services.messages().error("Generating " + runClip.label() + " on " + target.label() + " failed", e);
            record(startedAt, target, facts, runClip, steps, "failed", Messages.describe(e), null);
        }).onFinished(() -> {
            ticker.stop();
            state.running.set(false); // first, so the last tick shows the final elapsed time without an ETA
            tick();
            state.runningClip.set(null);
            runHandle = null;
            onRunFinished.accept(runClip);
        });
        runHandle = services.executor().execute(task);
    }

    public void cancel() {
        TaskHandle h = runHandle;
        if (h != null) {
            model.stage.set("cancelling…");
            h.cancel();
        }
    }

    /** Export progress shown in the toolbar too ("export frame 5/17"), so the main window says what is going on. */
    public void showExportProgress(double fraction, String message) {
        if (state.running.get()) return;
        model.stage.set(message);
        model.progress.set(fraction);
    }

    public boolean isRunInFlight() {
        return runHandle != null;
    }

    private void applyProgress(RunProgress p) {
        model.stage.set(p.stage());
        model.progress.set(p.fraction());
        fraction = p.fraction();
        tick();
    }

    private void tick() {
        if (clock == null) return;
        long now = System.nanoTime();
        String eta = state.running.get() ? "  ETA " + ProgressClock.format(clock.etaSeconds(now, fraction)) : "";
        model.timing.set("elapsed " + ProgressClock.format(clock.elapsedSeconds(now)) + eta);
    }

    private RunReport previousReport(BundleFacts facts, RunTarget target, String schedule) {
        for (int i = state.history.size() - 1; i >= 0; i--) {
            RunRecord r = state.history.get(i);
            if (r.finished() && Objects.equals(r.target(), target.id()) && Objects.equals(r.model(), facts.name())
                    && Objects.equals(r.schedule(), schedule)) {
                return r.report();
            }
        }
        return null;
    }

    private void record(String startedAt, RunTarget target, BundleFacts facts, Clip clip, int steps, String outcome,
                        String message, RunReport report) {
        ClipParameters p = clip.parameters();
        RunRecord r = new RunRecord(UUID.randomUUID().toString(), startedAt, target.id(), target.label(), facts.name(),
                p.schedule(), steps, p.seed(), p.motionScore(), p.camera(), clip.source().file().toString(),
                clip.source().sha256(), clip.crop(), outcome, message, report);
        state.history.add(r);
        services.executor().execute(BackgroundTask.of("Save history", ctx -> {
            services.history().append(r);
            return null;
        }).onFailure(e -> services.messages().error("The run history could not be saved to " + services.history().file(), e)));
    }
}
