package studio.mobilei2v.studio.export;

import studio.mobilei2v.export.ExportResult;
import studio.mobilei2v.studio.shared.StudioServices;
import studio.mobilei2v.studio.shared.StudioState;
import studio.mobilei2v.studio.clip.Clip;
import studio.mobilei2v.studio.task.BackgroundTask;
import studio.mobilei2v.studio.task.TaskHandle;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/** Export: picks the clips, estimates the size (latest estimate wins), runs the export on a worker. */
public final class ExportController {
    private final StudioState state;
    private final StudioServices services;
    private TaskHandle exportHandle;
    private BiConsumer<Double, String> alsoShowProgress = (f, m) -> { };

    /** Where else export progress goes (the toolbar's progress line). */
    public void setProgressMirror(BiConsumer<Double, String> mirror) { this.alsoShowProgress = mirror; }

    public ExportController(StudioState state, StudioServices services) {
        this.state = state;
        this.services = services;
    }

    /** Clips the request covers, with frames, snapshotted on the UI thread; empty when there is nothing to export. */
    public List<ExportService.ClipSnapshot> clipsFor(boolean wholeTimeline) {
        List<Clip> clips = wholeTimeline ? List.copyOf(state.clips)
                : state.selectedClip.get() == null ? List.of() : List.of(state.selectedClip.get());
        return clips.stream().filter(c -> !c.frames().isEmpty() && !state.isGenerating(c))
                .map(ExportService.ClipSnapshot::of).toList();
    }

    public void openDialog() {
        if (clipsFor(false).isEmpty() && clipsFor(true).isEmpty()) {
            services.messages().info("Nothing to export yet: generate a clip first.");
            return;
        }
        new ExportDialog(this, state).show();
    }

    /** Estimates in the background; a newer estimate cancels an older one. */
    public void estimate(ExportRequest r, Consumer<String> show) {
        List<ExportService.ClipSnapshot> clips = clipsFor(r.wholeTimeline());
        services.latest().submit("export-estimate", BackgroundTask.of("Estimate export size",
                ctx -> clips.isEmpty() ? "nothing to export" : "about " + ExportService.humanBytes(ExportService.estimateBytes(r, clips)))
                .onSuccess(show)
                .onFailure(e -> show.accept("no estimate: " + e.getMessage())));
    }

    /**
     * Starts an export. Callbacks run on the UI thread; {@code done} gets the result, or null when
     * cancelled or failed (failures are also reported as messages).
     */
    public TaskHandle export(ExportRequest request, BiConsumer<Double, String> progress, Consumer<ExportResult> done) {
        ExportRequest r = request;
        Path fixed = ExportTargets.forFormat(r.target(), r.options().format());
        if (!fixed.equals(r.target())) {
            services.messages().info("Saving as " + fixed.getFileName() + ": the file name follows the format ("
                    + r.options().format().label() + "), so " + r.target().getFileName() + " is not used.");
            r = r.withTarget(fixed);
        }
        if (!r.overwrite() && Files.exists(fixed)) {
            services.messages().warn(fixed + " already exists. Nothing was written: choose another name, or confirm replacing it.");
            done.accept(null);
            return null;
        }
        List<ExportService.ClipSnapshot> clips = clipsFor(r.wholeTimeline());
        List<String> left = leftOut(r.wholeTimeline());
        if (clips.isEmpty()) {
            services.messages().info("Nothing to export: the " + (r.wholeTimeline() ? "timeline has no generated clip." : "selected clip has no frames."));
            done.accept(null);
            return null;
        }
        state.exporting.set(true);
        ExportRequest go = r;
        exportHandle = services.executor().execute(BackgroundTask.of("Export " + go.target().getFileName(),
                        ctx -> ExportService.export(go, clips, ctx))
                .onProgress((f, m) -> { progress.accept(f, m); alsoShowProgress.accept(f, m); })
                .onSuccess(result -> {
                    services.messages().info("Exported " + result.frames() + " frames to " + result.file()
                            + " (" + ExportService.humanBytes(result.bytes()) + ", " + result.codec() + ")"
                            + (left.isEmpty() ? "" : ". Left out, not generated: " + String.join(", ", left)));
                    alsoShowProgress.accept(1.0, "export done: " + result.file().getFileName());
                    done.accept(result);
                })
                .onCancelled(() -> { services.messages().info("Export cancelled; no file was left behind."); done.accept(null); })
                .onFailure(e -> { services.messages().error("Export to " + go.target() + " failed", e); done.accept(null); })
                .onFinished(() -> { state.exporting.set(false); exportHandle = null; }));
        return exportHandle;
    }

    /** Names of the clips a whole-timeline export leaves out because they have no frames (or are generating). */
    public List<String> leftOut(boolean wholeTimeline) {
        if (!wholeTimeline) return List.of();
        return state.clips.stream().filter(c -> c.frames().isEmpty() || state.isGenerating(c)).map(Clip::label).toList();
    }

    /** Sizes of the picture each embedding choice would add, for the dialog ("compact: 210 KB"). Background. */
    public void embeddingSizes(boolean wholeTimeline, Consumer<String> show) {
        List<ExportService.ClipSnapshot> clips = clipsFor(wholeTimeline);
        services.latest().submit("export-embed-size", BackgroundTask.of("Measure the embedded picture", ctx -> {
            long compact = 0;
            long original = 0;
            for (ExportService.ClipSnapshot c : clips) {
                compact += EmbeddedSource.of(c.sourceFile(), SourceEmbedding.COMPACT).size();
                original += EmbeddedSource.of(c.sourceFile(), SourceEmbedding.ORIGINAL).size();
            }
            return "compact copy " + ExportService.humanBytes(compact) + ", original " + ExportService.humanBytes(original)
                    + " (the exact original always stays in the studio's own folder)";
        }).onSuccess(show).onFailure(e -> show.accept("")));
    }

    public void cancel() {
        if (exportHandle != null) exportHandle.cancel();
    }

    StudioServices services() { return services; }
}
