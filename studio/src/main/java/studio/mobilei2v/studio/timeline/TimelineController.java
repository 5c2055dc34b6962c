package studio.mobilei2v.studio.timeline;

import studio.mobilei2v.inference.CropRect;
import studio.mobilei2v.studio.source.ClipLoader;
import studio.mobilei2v.studio.messages.Messages;
import studio.mobilei2v.studio.shared.StudioServices;
import studio.mobilei2v.studio.shared.StudioState;
import studio.mobilei2v.studio.clip.Clip;
import studio.mobilei2v.studio.clip.ClipFrame;
import studio.mobilei2v.studio.clip.ClipParameters;
import studio.mobilei2v.studio.clip.ClipStatus;
import studio.mobilei2v.studio.engine.BundleFacts;
import studio.mobilei2v.studio.store.RunRecord;
import studio.mobilei2v.studio.source.ClipDefaults;
import studio.mobilei2v.studio.source.CropMath;
import studio.mobilei2v.studio.task.BackgroundTask;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Timeline: inserting clips from dropped files (images make new clips, exported videos restore
 * theirs), reordering, delete with undo, extend from the last frame, re-run. File reading happens
 * on a worker; the clip list only changes on the UI thread, all at once per drop.
 */
public final class TimelineController {
    private final StudioState state;
    private final StudioServices services;
    private final TimelineView view;
    private final TimelineEdits edits;
    private Runnable generate = () -> { };
    private Runnable addPictures = () -> { };

    public TimelineController(StudioState state, StudioServices services) {
        this.state = state;
        this.services = services;
        this.edits = new TimelineEdits(state);
        this.view = new TimelineView(state, this);
    }

    public TimelineView view() { return view; }

    /** What "Re-run" does after selecting the clip (the toolbar's Generate). */
    public void setGenerate(Runnable generate) { this.generate = generate; }

    /** What the empty timeline's "Add pictures…" button does (File > Add pictures…). */
    public void setAddPictures(Runnable r) { this.addPictures = r; }

    Runnable addPicturesAction() { return addPictures; }

    public void select(Clip clip) {
        state.selectedClip.set(clip);
    }

    /** Outcome of reading dropped files: new clips in drop order, and one sentence per file that failed. */
    record DropResult(List<Clip> clips, List<String> problems) {
    }

    /**
     * Files dropped on the timeline before position {@code index} (0 = first, size = at the end).
     * This is the drop handler's whole logic; the view only turns a Dragboard into paths and an index.
     */
    public void dropFiles(List<Path> files, int index) {
        dropFiles(files, index, added -> { });
    }

    /** Pictures chosen with File > Add pictures (or pasted): added at the end of the timeline, in order. */
    public void addPictures(List<Path> files, java.util.function.Consumer<List<Clip>> added) {
        dropFiles(files, Integer.MAX_VALUE, added);
    }

    /** As {@link #dropFiles(List, int)}; {@code added} gets the clips that were made (UI thread). */
    public void dropFiles(List<Path> files, int index, java.util.function.Consumer<List<Clip>> added) {
        if (files.isEmpty()) return;
        BundleFacts facts = state.facts.get();
        if (facts == null) {
            services.messages().error("No model is open yet, so there is no video size to crop to. Open a model first.");
            return;
        }
        services.executor().execute(BackgroundTask.of("Read dropped files", ctx -> readFiles(files, facts))
                .onSuccess(result -> {
                    int at = Math.max(0, Math.min(index, state.clips.size()));
                    if (!result.clips().isEmpty()) {
                        edits.beforeEdit(result.clips().size() == 1 ? "add " + result.clips().get(0).label()
                                : "add " + result.clips().size() + " clips");
                    }
                    state.clips.addAll(at, result.clips());
                    added.accept(result.clips());
                    if (!result.clips().isEmpty()) state.selectedClip.set(result.clips().get(0));
                    if (!result.problems().isEmpty()) {
                        services.messages().error(String.join("\n", result.problems())
                                + (result.clips().isEmpty() ? "\nNothing was added." : ""));
                    } else if (result.clips().size() > 1) {
                        services.messages().info(result.clips().size() + " clips added.");
                    }
                })
                .onFailure(e -> services.messages().error("Reading the dropped files failed", e)));
    }

    private DropResult readFiles(List<Path> files, BundleFacts facts) {
        List<Clip> clips = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (Path file : files) {
            try {
                if (ClipLoader.looksLikeVideo(file) && ExportedClips.hasClipMetadata(file)) {
                    clips.addAll(ExportedClips.restoreAll(file, services.sourcesDir(), facts)); // a timeline export gives back every clip
                } else if (ClipLoader.looksLikeVideo(file) && !file.toString().toLowerCase().endsWith(".gif")) {
                    problems.add(file.getFileName() + " is a video without MobileI2V clip metadata, so there is no clip "
                            + "to restore from it (export with metadata on, or drop a still image).");
                } else {
                    ClipLoader.Loaded loaded = ClipLoader.loadAndKeep(file, services.sourcesDir());
                    clips.add(newClip(loaded, facts, ClipDefaults.forBundle(facts, ClipDefaults.randomSeed())));
                }
            } catch (Exception e) {
                problems.add(file.getFileName() + ": " + Messages.describe(e));
            }
        }
        return new DropResult(clips, problems);
    }

    static Clip newClip(ClipLoader.Loaded loaded, BundleFacts facts, studio.mobilei2v.studio.clip.ClipParameters params) {
        return new Clip(UUID.randomUUID(), loaded.picture(), loaded.image(),
                CropRect.centred(loaded.picture().width(), loaded.picture().height(), facts.width(), facts.height()),
                params, facts.frames(), (int) Math.round(facts.fps()));
    }

    /** Moves a clip to {@code to} (index in the list after removal), e.g. after a drag. */
    public void moveClip(Clip clip, int to) {
        int from = state.clips.indexOf(clip);
        if (from < 0) return;
        int target = to > from ? to - 1 : to; // the clip's own slot disappears when it is lifted out
        target = Math.max(0, Math.min(target, state.clips.size() - 1));
        if (target == from) return;
        edits.beforeEdit("move " + clip.label());
        state.clips.remove(from);
        state.clips.add(target, clip);
        state.selectedClip.set(clip);
    }

    public void delete(Clip clip) {
        if (clip == null) return;
        if (state.isGenerating(clip)) {
            services.messages().warn("This clip is being generated; cancel the run before deleting it.");
            return;
        }
        int index = state.clips.indexOf(clip);
        if (index < 0) return;
        edits.beforeEdit("delete " + clip.label());
        state.clips.remove(index);
        if (state.selectedClip.get() == clip) {
            state.selectedClip.set(state.clips.isEmpty() ? null : state.clips.get(Math.min(index, state.clips.size() - 1)));
        }
        services.messages().info("Deleted " + clip.label() + ". Undo with Ctrl+Z.");
    }

    public void deleteSelected() { delete(state.selectedClip.get()); }

    public TimelineEdits edits() { return edits; }

    /** Ctrl+Z: takes back the last timeline edit (add, delete, move, extend). */
    public void undo() {
        String what = edits.undo();
        services.messages().info(what == null ? "Nothing to undo." : "Undone: " + what + ". Redo with Ctrl+Shift+Z.");
    }

    /** Ctrl+Shift+Z: does the undone edit again. */
    public void redo() {
        String what = edits.redo();
        services.messages().info(what == null ? "Nothing to redo." : "Redone: " + what + ".");
    }

    /** A new clip after this one whose source is this clip's last frame, with the same parameters. */
    public void extend(Clip clip) {
        BundleFacts facts = state.facts.get();
        if (clip == null || facts == null) return;
        if (clip.frames().isEmpty() || clip.status() == ClipStatus.RUNNING) {
            services.messages().info("Generate " + clip.label() + " first; a clip is extended from its last frame.");
            return;
        }
        ClipFrame last = clip.frames().get(clip.frames().size() - 1);
        ClipParameters made = clip.currentTake() != null ? clip.currentTake().parameters() : clip.parameters();
        Path file = services.sourcesDir().resolve(UUID.randomUUID() + "-last-frame.png");
        services.executor().execute(BackgroundTask.of("Extend " + clip.label(), ctx -> {
            ClipLoader.saveFrame(last.pixels(), file);
            return ClipLoader.loadPicture(file, baseName(clip.label()) + " (last frame).png");
        }).onSuccess(loaded -> {
            Clip next = newClip(loaded, facts, made);
            int at = state.clips.indexOf(clip);
            edits.beforeEdit("extend " + clip.label());
            state.clips.add(at < 0 ? state.clips.size() : at + 1, next);
            state.selectedClip.set(next);
        }).onFailure(e -> services.messages().error("Extending " + clip.label() + " failed", e)));
    }

    /** History's "New clip from this run": the run's picture, crop and settings as a new clip at the end. */
    public void recreate(RunRecord r) {
        BundleFacts facts = state.facts.get();
        if (r == null || facts == null) return;
        Path file = Path.of(r.sourceFile());
        services.executor().execute(BackgroundTask.of("Re-create a clip from a run", ctx -> ClipLoader.loadPicture(file, r.pictureName()))
                .onSuccess(loaded -> {
                    ClipParameters p = ClipDefaults.adapt(new ClipParameters(r.seed(), r.schedule(), r.motionScore(), r.camera(), null), facts);
                    Clip clip = newClip(loaded, facts, p);
                    if (r.crop() != null && r.crop().fitsIn(loaded.picture().width(), loaded.picture().height())) {
                        clip.cropProperty().set(CropMath.adapt(r.crop(), loaded.picture().width(), loaded.picture().height(),
                                facts.width(), facts.height()));
                    }
                    edits.beforeEdit("add " + clip.label());
                    state.clips.add(clip);
                    state.selectedClip.set(clip);
                    services.messages().info("New clip from the run of " + r.startedAt() + ": " + clip.label()
                            + " with seed " + p.seed() + ", " + p.schedule() + ". Generate to make its frames.");
                })
                .onFailure(e -> services.messages().error("The run's picture " + file + " cannot be read", e)));
    }

    private static String baseName(String name) {
        return name.replaceAll("\\.[A-Za-z0-9]{1,5}$", "");
    }

    /** Selects the clip and runs it again with its current (possibly edited) parameters. */
    public void rerun(Clip clip) {
        if (state.running.get()) {
            services.messages().warn("A run is in flight; cancel it or wait before re-running another clip.");
            return;
        }
        state.selectedClip.set(clip);
        generate.run();
    }
}
