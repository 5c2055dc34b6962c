package studio.mobilei2v.studio.run;

import studio.mobilei2v.bridge.pool.DevicePool;
import studio.mobilei2v.bridge.pool.PoolJob;
import studio.mobilei2v.bridge.pool.PoolListener;
import studio.mobilei2v.bridge.pool.PoolResult;
import studio.mobilei2v.bridge.pool.WorkerFacts;
import studio.mobilei2v.inference.CropRect;
import studio.mobilei2v.inference.GenerationRequest;
import studio.mobilei2v.inference.RunReport;
import studio.mobilei2v.inference.VideoFrame;
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
import studio.mobilei2v.studio.engine.FrameImages;
import studio.mobilei2v.studio.engine.GenerationWorkflow;
import studio.mobilei2v.studio.engine.ProgressClock;
import studio.mobilei2v.studio.engine.ScheduleChoice;
import studio.mobilei2v.studio.targets.RunTarget;
import studio.mobilei2v.studio.task.BackgroundTask;
import studio.mobilei2v.studio.task.TaskContext;
import studio.mobilei2v.studio.task.TaskHandle;
import studio.mobilei2v.studio.shared.ToolbarModel;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * "Generate all on every device": the clips without a take go to the device bridge's
 * {@link DevicePool}, one worker per usable device in the run-target switch (and this computer
 * when the user includes it). Each worker takes the next clip when it is free, so faster devices
 * do more; frames stream into each clip as they arrive; a device that goes away mid-clip gives
 * the clip back to the pool (tried once more elsewhere, never two takes); Cancel reaches every
 * worker. Each finished clip becomes a take labelled with the device it ran on, and every run is
 * in the history, so the runs table compares the devices afterwards.
 */
public final class PoolGenerateAll {
    private final StudioState state;
    private final StudioServices services;
    private final ToolbarModel model;
    private final Consumer<Clip> afterEach;
    private final RunHistory history;
    /** Results and worker news reach the UI thread even after Cancel (ctx.publish drops updates then). */
    private final java.util.concurrent.Executor ui = javafx.application.Platform::runLater;
    private TaskHandle handle;

    /** One clip as captured when the batch started. */
    private record Item(Clip clip, ClipParameters parameters, CropRect crop, int steps, String startedAt) {
    }

    public PoolGenerateAll(StudioState state, StudioServices services, ToolbarModel model, Consumer<Clip> afterEach) {
        this.state = state;
        this.services = services;
        this.model = model;
        this.afterEach = afterEach;
        this.history = new RunHistory(state, services);
    }

    /** The targets a batch would use now: every usable device, and this computer first when asked. */
    public List<RunTarget> workers(boolean includeThisComputer) {
        List<RunTarget> out = new ArrayList<>();
        if (includeThisComputer) out.add(RunTarget.LOCAL);
        out.addAll(state.usableDevices());
        return out;
    }

    /** UI thread. Refused, with a message that says why, when it cannot start. */
    public void start(boolean includeThisComputer) {
        Messages messages = services.messages();
        if (state.running.get()) {
            messages.warn("A run is in flight; Generate all on every device starts when it has finished (or cancel it).");
            return;
        }
        ModelBundle bundle = state.bundle.get();
        BundleFacts facts = state.facts.get();
        if (bundle == null || facts == null) {
            messages.error("No model is open. Pick one in the toolbar or use Open model….");
            return;
        }
        List<RunTarget> targets = workers(includeThisComputer);
        if (targets.stream().noneMatch(t -> !t.isLocal())) {
            messages.warn("No usable device is listed, so there is no pool to spread the clips over. Attach a device, "
                    + "or name the adb server of a device rack in Devices > ADB server…; Generate all runs on one target.");
            return;
        }
        List<Item> items = new ArrayList<>();
        for (Clip c : state.ungeneratedClips()) {
            int steps = facts.schedule(c.parameters().schedule()).map(ScheduleChoice::steps).orElse(-1);
            if (steps < 0) {
                messages.error(c.label() + " asks for schedule '" + c.parameters().schedule() + "', which " + facts.name()
                        + " does not offer; it is left out.");
                continue;
            }
            items.add(new Item(c, c.parameters(), c.crop(), steps, null));
        }
        if (items.isEmpty()) {
            messages.info(GenerateAllQueue.nothingToGenerate(state));
            return;
        }
        Map<String, RunTarget> byId = new LinkedHashMap<>();
        for (RunTarget t : targets) byId.put(t.isLocal() ? WorkerFacts.LOCAL : t.id(), t);
        state.running.set(true);
        model.stage.set("pool: preparing " + targets.size() + " workers");
        model.progress.set(0);
        model.queue.set("0 of " + items.size() + " clips");
        long started = System.nanoTime();
        int[] counts = new int[2]; // done, not done
        Map<String, Integer> perTarget = new LinkedHashMap<>();
        BackgroundTask<Void> task = BackgroundTask.<Void>of("Generate all on every device", ctx -> {
            runBatch(ctx, bundle, facts, items, byId, (item, result) -> {
                boolean ok = finishItem(item, result, facts, byId);
                counts[ok ? 0 : 1]++;
                if (ok) perTarget.merge(byId.get(result.worker().id()).label(), 1, Integer::sum);
                int n = counts[0] + counts[1];
                model.progress.set(n / (double) items.size());
                model.queue.set(n + " of " + items.size() + " clips");
                afterEach.accept(item.clip());
            });
            return null;
        }).onFinished(() -> {
            state.running.set(false);
            handle = null;
            model.queue.set("");
            String time = ProgressClock.format((System.nanoTime() - started) / 1e9);
            StringBuilder where = new StringBuilder();
            perTarget.forEach((t, n) -> where.append(where.length() == 0 ? "" : ", ").append(t).append(": ").append(n));
            String line = "Generate all on " + targets.size() + " workers: " + counts[0] + " of " + items.size()
                    + " clips generated in " + time + (where.length() == 0 ? "" : " (" + where + ")");
            model.stage.set("done: " + counts[0] + " of " + items.size() + " clips in " + time);
            if (counts[1] == 0) messages.info(line + ".");
            else messages.warn(line + "; " + counts[1] + " not (cancelled or failed; see above).");
        }).onFailure(e -> messages.error("Generate all on every device failed", e));
        handle = services.executor().execute(task);
    }

    /** Cancels every running clip and every queued one. */
    public void cancel() {
        model.cancel(handle);
    }

    public boolean isActive() {
        return handle != null;
    }

    /** On the task's thread: the pool's life, from opening the workers to the last result. */
    private void runBatch(TaskContext ctx, ModelBundle bundle, BundleFacts facts, List<Item> items,
                          Map<String, RunTarget> byId, java.util.function.BiConsumer<Item, PoolResult> done) {
        List<studio.mobilei2v.bridge.pool.PoolWorker> workers = new ArrayList<>();
        byId.values().forEach(t -> workers.add(new CachedPoolWorker(services.generators(), bundle, t)));
        PoolListener listener = new PoolListener() {
            @Override
            public void onWorker(String id, WorkerFacts f, String stateLine) {
                RunTarget t = byId.get(id);
                if (stateLine.startsWith("failed") || stateLine.startsWith("lost")) {
                    if (t != null && !t.isLocal()) services.generators().discard(bundle, t); // reopen next time
                    ui.execute(() -> services.messages().warn((t == null ? id : t.label()) + " " + stateLine));
                }
            }
        };
        DevicePool pool = DevicePool.start(workers, listener);
        ctx.onCancel(pool::cancel);
        try {
            List<CompletableFuture<Void>> waits = new ArrayList<>();
            for (Item item : items) {
                GenerationRequest request;
                try {
                    request = GenerationWorkflow.request(bundle, item.clip().source(), item.crop(), item.parameters());
                } catch (Exception e) {
                    PoolResult failed = new PoolResult(item.clip().label(), PoolResult.Status.FAILED, null, null,
                            Messages.describe(e), 0, List.of(), 0);
                    ui.execute(() -> done.accept(item, failed));
                    continue;
                }
                Item[] current = {item};
                waits.add(pool.submit(new PoolJob(item.clip().label(), request, (worker, attempt) -> {
                    current[0] = new Item(item.clip(), item.parameters(), item.crop(), item.steps(), Instant.now().toString());
                    ctx.publish(() -> item.clip().startRun(facts.frames(), (int) Math.round(facts.fps()), facts.name()));
                    return frames(ctx, item.clip(), facts.frames());
                })).thenAccept(r -> ui.execute(() -> done.accept(current[0], r))));
            }
            CompletableFuture.allOf(waits.toArray(CompletableFuture[]::new)).join();
        } finally {
            pool.close();
        }
    }

    /** One try's frames, streamed into the clip on the UI thread. */
    private static PoolJob.Attempt frames(TaskContext ctx, Clip clip, int frames) {
        return new PoolJob.Attempt() {
            @Override
            public void onFrame(int index, VideoFrame frame, double ms) {
                ClipFrame f = new ClipFrame(index, frame, FrameImages.toImage(frame), ms);
                ctx.publish(() -> clip.frames().add(f));
            }

            @Override
            public void commit(RunReport report) {
                // the take is made when the result arrives (UI thread)
            }

            @Override
            public void close() {
            }
        };
    }

    /** UI thread. True when the clip got a take. */
    private boolean finishItem(Item item, PoolResult r, BundleFacts facts, Map<String, RunTarget> byId) {
        Clip clip = item.clip();
        RunTarget target = r.worker() == null ? null : byId.get(r.worker().id());
        String startedAt = item.startedAt() == null ? Instant.now().toString() : item.startedAt();
        if (r.ok() && target != null) {
            RunReport report = r.report();
            clip.addTake(new Take(UUID.randomUUID(), item.parameters(), item.crop(), facts.name(), clip.frames(), report,
                    ClipStatus.DONE, target.label()));
            state.lastReport.set(report);
            state.lastReportTarget.set(target);
            history.record(startedAt, target, facts, clip, item.parameters(), item.steps(), "done", null, report, r.hostMs());
            return true;
        }
        boolean cancelled = r.status() == PoolResult.Status.CANCELLED;
        if (clip.status() == ClipStatus.RUNNING) clip.endRunWithoutResult(cancelled ? ClipStatus.CANCELLED : ClipStatus.FAILED);
        if (!cancelled) services.messages().error("Generating " + clip.label() + " in the device pool failed: " + r.error());
        if (target != null) {
            history.record(startedAt, target, facts, clip, item.parameters(), item.steps(), cancelled ? "cancelled" : "failed",
                    r.error(), null, null);
        }
        return false;
    }
}
