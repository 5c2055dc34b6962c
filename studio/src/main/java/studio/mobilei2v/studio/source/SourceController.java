package studio.mobilei2v.studio.source;

import javafx.beans.value.ChangeListener;
import studio.mobilei2v.inference.CropRect;
import studio.mobilei2v.studio.shared.StudioServices;
import studio.mobilei2v.studio.shared.StudioState;
import studio.mobilei2v.studio.clip.Clip;
import studio.mobilei2v.studio.clip.ClipParameters;
import studio.mobilei2v.studio.engine.BundleFacts;
import studio.mobilei2v.studio.engine.ScheduleChoice;
import studio.mobilei2v.studio.task.BackgroundTask;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Source panel: shows the selected clip's picture with its crop and parameters; every edit goes
 * through here into the clip (a new immutable {@link ClipParameters}), which re-runs then use.
 */
public final class SourceController {
    private final StudioState state;
    private final StudioServices services;
    private final SourceModel model = new SourceModel();
    private final SourceView view;
    private final ChangeListener<Object> clipChanged = (o, a, b) -> refresh();
    private Clip shown;

    public SourceController(StudioState state, StudioServices services) {
        this.state = state;
        this.services = services;
        this.view = new SourceView(model, this);
        state.selectedClip.addListener((o, a, c) -> show(c));
        state.facts.addListener((o, a, f) -> bundleChanged(f));
    }

    public SourceView view() { return view; }

    public SourceModel model() { return model; }

    private void show(Clip clip) {
        if (shown != null) {
            // listeners of the previous clip removed, Bisq-style deactivate, so old clips do not keep updating the panel
            shown.parametersProperty().removeListener(clipChanged);
            shown.cropProperty().removeListener(clipChanged);
            shown.sourceImageProperty().removeListener(clipChanged);
        }
        shown = clip;
        if (clip != null) {
            clip.parametersProperty().addListener(clipChanged);
            clip.cropProperty().addListener(clipChanged);
            clip.sourceImageProperty().addListener(clipChanged);
        }
        refresh();
    }

    private void bundleChanged(BundleFacts f) {
        if (f == null) return;
        model.schedules.setAll(f.schedules());
        // the new list cleared the Steps box; an equal schedule (two models' "distilled-1") set by
        // refresh() would fire no change, so start from none
        model.schedule.set(null);
        model.motionMin.set(f.motionMin());
        model.motionMax.set(f.motionMax());
        model.motionUnit.set(f.motionUnit() == null ? "" : f.motionUnit());
        model.cameras.setAll(f.cameraClasses());
        model.cameraOffered.set(f.hasCamera());
        model.promptEnabled.set(f.textInput());
        model.promptReason.set(f.textInput() ? "" : f.promptDisabledReason());
        for (Clip c : state.clips) {
            c.parametersProperty().set(ClipDefaults.adapt(c.parameters(), f));
            c.cropProperty().set(CropMath.adapt(c.crop(), c.source().width(), c.source().height(), f.width(), f.height()));
        }
        refresh();
    }

    private void refresh() {
        Clip c = shown;
        model.hasClip.set(c != null);
        if (c == null) {
            model.image.set(null);
            model.sourceName.set("");
            model.crop.set(null);
            model.cropText.set("");
            return;
        }
        model.image.set(c.sourceImageProperty().get());
        CropRect r = c.crop();
        BundleFacts facts = state.facts.get();
        // a crop smaller than the video is upscaled once: the video is no sharper than the picture
        boolean upscaled = r != null && facts != null && (r.width() < facts.width() || r.height() < facts.height());
        model.sourceName.set(c.source().name() + "  (" + c.source().width() + "x" + c.source().height()
                + (upscaled ? ", upscaled" : "") + ")");
        model.crop.set(r);
        model.cropText.set(r == null ? "" : "crop " + r.width() + "x" + r.height() + " at " + r.x() + "," + r.y());
        ClipParameters p = c.parameters();
        model.seed.set(Long.toString(p.seed()));
        BundleFacts f = state.facts.get();
        model.schedule.set(f == null ? null : f.schedule(p.schedule()).orElse(null));
        model.motion.set(p.motionScore());
        model.camera.set(p.camera());
        model.prompt.set(p.prompt() == null ? "" : p.prompt());
    }

    private void edit(java.util.function.UnaryOperator<ClipParameters> change) {
        Clip c = shown;
        if (c == null) return;
        ClipParameters next = change.apply(c.parameters());
        if (!next.equals(c.parameters())) c.parametersProperty().set(next);
    }

    /** Seed typed by the user; anything but a whole number is refused with a message. */
    public void setSeed(String text) {
        try {
            long seed = Long.parseLong(text.trim());
            edit(p -> p.withSeed(seed));
        } catch (NumberFormatException e) {
            services.messages().warn("Seed must be a whole number, not '" + text + "'.");
            refresh();
        }
    }

    public void rollDice() { long s = ClipDefaults.randomSeed(); edit(p -> p.withSeed(s)); }

    public void setSchedule(ScheduleChoice s) { if (s != null) edit(p -> p.withSchedule(s.name())); }

    public void setMotionScore(double m) {
        double clamped = Math.max(model.motionMin.get(), Math.min(model.motionMax.get(), m));
        double rounded = Math.round(clamped * 100) / 100.0; // two decimals: what the label shows is what runs
        edit(p -> p.withMotionScore(rounded));
    }

    public void setCamera(String camera) { if (camera != null) edit(p -> p.withCamera(camera)); }

    public void setPrompt(String prompt) { if (model.promptEnabled.get()) edit(p -> p.withPrompt(prompt)); }

    public void moveCrop(double dx, double dy) {
        Clip c = shown;
        if (c == null || c.crop() == null) return;
        c.cropProperty().set(CropMath.moved(c.crop(), dx, dy, c.source().width(), c.source().height()));
    }

    public void scaleCrop(double factor) {
        Clip c = shown;
        BundleFacts f = state.facts.get();
        if (c == null || c.crop() == null || f == null) return;
        c.cropProperty().set(CropMath.scaled(c.crop(), factor, c.source().width(), c.source().height(), f.width(), f.height()));
    }

    public void resetCrop() {
        Clip c = shown;
        BundleFacts f = state.facts.get();
        if (c == null || f == null) return;
        c.cropProperty().set(CropRect.centred(c.source().width(), c.source().height(), f.width(), f.height()));
    }

    /**
     * Files dropped on the source panel: the first image replaces the selected clip's source (its
     * frames are kept until the next run). The same entry point the drag-and-drop handler uses.
     */
    public void dropFiles(List<Path> files) {
        Clip c = shown;
        if (files.isEmpty()) return;
        if (c == null) {
            services.messages().info("Select a clip first, or drop the image on the timeline to make a new clip.");
            return;
        }
        if (state.isGenerating(c)) {
            services.messages().warn("This clip is being generated; cancel the run before replacing its source.");
            return;
        }
        Path file = files.get(0);
        services.executor().execute(BackgroundTask.of("Load " + file.getFileName(), ctx -> ClipLoader.loadPicture(file))
                .onSuccess(loaded -> {
                    BundleFacts f = state.facts.get();
                    c.sourceProperty().set(loaded.picture());
                    c.sourceImageProperty().set(loaded.image());
                    c.cropProperty().set(f == null ? null : CropRect.centred(loaded.picture().width(), loaded.picture().height(), f.width(), f.height()));
                    refresh();
                    services.messages().info("Source of the clip replaced by " + file.getFileName() + "; Generate to re-run it.");
                })
                .onFailure(e -> services.messages().error("Cannot use " + file.getFileName() + " as a source", e)));
    }

    static String formatMotion(double m) {
        return String.format(Locale.ROOT, "%.2f", m);
    }
}
