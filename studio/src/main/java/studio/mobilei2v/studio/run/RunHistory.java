package studio.mobilei2v.studio.run;

import studio.mobilei2v.inference.RunReport;
import studio.mobilei2v.studio.shared.StudioServices;
import studio.mobilei2v.studio.shared.StudioState;
import studio.mobilei2v.studio.clip.Clip;
import studio.mobilei2v.studio.clip.ClipParameters;
import studio.mobilei2v.studio.engine.BundleFacts;
import studio.mobilei2v.studio.store.RunRecord;
import studio.mobilei2v.studio.targets.RunTarget;
import studio.mobilei2v.studio.task.BackgroundTask;

import java.util.Objects;
import java.util.UUID;

/**
 * Every run, single or from the device pool, ends up here: one {@link RunRecord} in the shared
 * history (the runs table and the History tab read it) and appended to the history file.
 */
final class RunHistory {
    private final StudioState state;
    private final StudioServices services;

    RunHistory(StudioState state, StudioServices services) {
        this.state = state;
        this.services = services;
    }

    /** UI thread. {@code report} and {@code hostMs} only for a finished run. */
    void record(String startedAt, RunTarget target, BundleFacts facts, Clip clip, ClipParameters p, int steps,
                String outcome, String message, RunReport report, Double hostMs) {
        RunRecord r = new RunRecord(UUID.randomUUID().toString(), startedAt, target.id(), target.label(), facts.name(),
                p.schedule(), steps, p.seed(), p.motionScore(), p.camera(), clip.source().file().toString(),
                clip.source().sha256(), clip.crop(), outcome, message, report, clip.source().name(), hostMs);
        state.history.add(r);
        services.executor().execute(BackgroundTask.of("Save history", ctx -> {
            services.history().append(r);
            return null;
        }).onFailure(e -> services.messages().error("The run history could not be saved to " + services.history().file(), e)));
    }

    /** The last finished report of this bundle + target + schedule (weights the progress bar), or null. */
    /** The finished runs on {@code target} (any model), oldest first. */
    java.util.List<RunReport> finishedOn(RunTarget target) {
        return state.history.stream().filter(r -> r.finished() && Objects.equals(r.target(), target.id()))
                .map(RunRecord::report).toList();
    }

    RunReport previousReport(BundleFacts facts, RunTarget target, String schedule) {
        for (int i = state.history.size() - 1; i >= 0; i--) {
            RunRecord r = state.history.get(i);
            if (r.finished() && Objects.equals(r.target(), target.id()) && Objects.equals(r.model(), facts.name())
                    && Objects.equals(r.schedule(), schedule)) {
                return r.report();
            }
        }
        return null;
    }
}
