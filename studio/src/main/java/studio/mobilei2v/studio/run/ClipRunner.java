package studio.mobilei2v.studio.run;

import javafx.animation.KeyFrame;
import javafx.animation.Timeline;
import javafx.util.Duration;
import studio.mobilei2v.inference.Cancellation;
import studio.mobilei2v.inference.RunReport;
import studio.mobilei2v.inference.bundle.ModelBundle;
import studio.mobilei2v.studio.messages.Messages;
import studio.mobilei2v.studio.shared.StudioServices;
import studio.mobilei2v.studio.shared.StudioState;
import studio.mobilei2v.studio.clip.Clip;
import studio.mobilei2v.studio.clip.ClipFrame;
import studio.mobilei2v.studio.clip.ClipParameters;
import studio.mobilei2v.studio.clip.ClipStatus;
import studio.mobilei2v.studio.clip.Take;
import studio.mobilei2v.studio.engine.BundleFacts;
import studio.mobilei2v.studio.engine.GenerationWorkflow;
import studio.mobilei2v.studio.engine.ProgressClock;
import studio.mobilei2v.studio.engine.RunProgress;
import studio.mobilei2v.studio.engine.RunEstimate;
import studio.mobilei2v.studio.engine.ScheduleChoice;
import studio.mobilei2v.studio.targets.RunTarget;
import studio.mobilei2v.studio.task.BackgroundTask;
import studio.mobilei2v.studio.task.TaskHandle;
import studio.mobilei2v.studio.shared.ToolbarModel;

import java.time.Instant;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * Runs one clip: {@link GenerationWorkflow} on a worker, frames streamed into the clip, the
 * progress line, the history record. A finished run becomes a new {@link Take}; a cancelled or
 * failed one brings the clip's previous take back, so a re-run never destroys a good result.
 */
public final class ClipRunner {
    /** How a run ended, for whoever started it (the toolbar, the Generate-all queue). */
    public enum Outcome { DONE, CANCELLED, FAILED, REFUSED }

    private final StudioState state;
    private final StudioServices services;
    private final ToolbarModel model;
    private final GenerationWorkflow workflow;
    private final RunHistory history;
    private final Timeline ticker;
    private TaskHandle runHandle;
    private ProgressClock clock;
    private double fraction;

    public ClipRunner(StudioState state, StudioServices services, ToolbarModel model) {
        this.state = state;
        this.services = services;
        this.model = model;
        this.workflow = new GenerationWorkflow(services.generators());
        this.history = new RunHistory(state, services);
        this.ticker = new Timeline(new KeyFrame(Duration.millis(100), e -> tick()));
        ticker.setCycleCount(Timeline.INDEFINITE);
    }

    /** How long a run of {@code clip} on {@code target} will take (before it starts), or null with no model open. */
    public RunEstimate estimate(Clip clip, RunTarget target) {
        ModelBundle bundle = state.bundle.get();
        BundleFacts facts = state.facts.get();
        if (bundle == null || facts == null || clip == null || target == null) return null;
        String schedule = clip.parameters().schedule();
        return RunEstimate.of(bundle, schedule, history.previousReport(facts, target, schedule), history.finishedOn(target),
                target.isLocal());
    }

    /**
     * Starts a run of {@code clip} with its current parameters. {@code finished} gets the outcome on
     * the UI thread (REFUSED right away when the run cannot start; the reason is a message).
     */
    public void run(Clip clip, Consumer<Outcome> finished) {
        run(clip, state.target.get(), true, finished);
    }

    /**
     * Runs {@code clip} on {@code target} (not necessarily the selected one: "compare devices" goes
     * through every target). With {@code keepTake} false the run is measured and recorded in the
     * history but its frames are not kept: the clip's previous take comes back (a warm-up run).
     */
    public void run(Clip clip, RunTarget target, boolean keepTake, Consumer<Outcome> finished) {
        if (state.running.get()) { finished.accept(Outcome.REFUSED); return; }
        ModelBundle bundle = state.bundle.get();
        BundleFacts facts = state.facts.get();
        if (bundle == null || facts == null) {
            services.messages().error("No model is open. Pick one in the toolbar or use Open model….");
            finished.accept(Outcome.REFUSED);
            return;
        }
        ClipParameters p = clip.parameters();
        int steps = facts.schedule(p.schedule()).map(ScheduleChoice::steps).orElse(-1);
        if (steps < 0) {
            services.messages().error("The clip asks for schedule '" + p.schedule() + "', which " + facts.name() + " does not offer.");
            finished.accept(Outcome.REFUSED);
            return;
        }
        var crop = clip.crop();
        GenerationWorkflow.Job job = new GenerationWorkflow.Job(bundle, target, clip.source(), crop, p, steps, facts.frames());
        RunReport previous = history.previousReport(facts, target, p.schedule());
        clip.startRun(facts.frames(), (int) Math.round(facts.fps()), facts.name());
        state.running.set(true);
        state.runningClip.set(clip);
        model.stage.set("load");
        model.progress.set(0);
        fraction = 0;
        clock = new ProgressClock(System.nanoTime());
        ticker.play();
        Cancellation cancel = new Cancellation();
        String startedAt = Instant.now().toString();
        Outcome[] outcome = {Outcome.FAILED};
        BackgroundTask<GenerationWorkflow.Finished> task = BackgroundTask.of("Generate " + clip.label(), ctx -> {
            ctx.onCancel(cancel::cancel);
            long start = System.nanoTime();
            ctx.publish(() -> clock = new ProgressClock(start)); // ETA measured from execution start
            return workflow.run(job, previous, new GenerationWorkflow.Sink() {
                @Override public void progress(RunProgress p2) { ctx.publish(() -> applyProgress(p2)); }
                @Override public void frame(ClipFrame f) { ctx.publish(() -> clip.frames().add(f)); }
            }, cancel);
        }).onSuccess(run -> {
            RunReport report = run.report();
            if (keepTake) {
                clip.addTake(new Take(UUID.randomUUID(), p, crop, facts.name(), clip.frames(), report, ClipStatus.DONE, target.label()));
            } else {
                clip.endRunWithoutResult(ClipStatus.NEW);
            }
            state.lastReport.set(report);
            state.lastReportTarget.set(target);
            // the report's total is the pipeline alone; elapsed (beside it) also counts opening the model
            model.stage.set("done: run took " + ProgressClock.format(report.totalMs() / 1000));
            model.progress.set(1);
            outcome[0] = Outcome.DONE;
            history.record(startedAt, target, facts, clip, p, steps, "done", null, report, run.hostMs());
        }).onCancelled(() -> {
            Take back = clip.endRunWithoutResult(ClipStatus.CANCELLED);
            model.stage.set(back == null ? "cancelled" : "cancelled; earlier take kept");
            model.progress.set(0);
            outcome[0] = Outcome.CANCELLED;
            history.record(startedAt, target, facts, clip, p, steps, "cancelled", null, null, null);
        }).onFailure(e -> {
            Take back = clip.endRunWithoutResult(ClipStatus.FAILED);
            model.stage.set("failed");
            model.progress.set(0);
            services.messages().error("Generating " + clip.label() + " on " + target.label() + " failed"
                    + (back == null ? "" : " (its earlier take is kept)"), e);
            history.record(startedAt, target, facts, clip, p, steps, "failed", Messages.describe(e), null, null);
        }).onFinished(() -> {
            ticker.stop();
            state.running.set(false); // first, so the last tick shows the final elapsed time without an ETA
            tick();
            state.runningClip.set(null);
            runHandle = null;
            finished.accept(outcome[0]);
        });
        runHandle = services.executor().execute(task);
    }

    public void cancel() {
        model.cancel(runHandle);
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
}
