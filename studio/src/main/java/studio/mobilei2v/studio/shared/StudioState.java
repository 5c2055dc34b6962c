package studio.mobilei2v.studio.shared;

import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import studio.mobilei2v.inference.RunReport;
import studio.mobilei2v.inference.bundle.ModelBundle;
import studio.mobilei2v.studio.clip.Clip;
import studio.mobilei2v.studio.engine.BundleFacts;
import studio.mobilei2v.studio.store.RunRecord;
import studio.mobilei2v.studio.targets.RunTarget;

/**
 * State that several features share (the open bundle, run target, clips, selection, run in
 * flight, history). Written only by controllers on the UI thread; views bind to it.
 */
public final class StudioState {
    public final ObjectProperty<ModelBundle> bundle = new SimpleObjectProperty<>(this, "bundle");
    public final ObjectProperty<BundleFacts> facts = new SimpleObjectProperty<>(this, "facts");
    public final ObservableList<BundleFacts> knownBundles = FXCollections.observableArrayList();
    public final ObservableList<RunTarget> targets = FXCollections.observableArrayList(RunTarget.LOCAL);
    public final ObjectProperty<RunTarget> target = new SimpleObjectProperty<>(this, "target", RunTarget.LOCAL);
    public final ObservableList<Clip> clips = FXCollections.observableArrayList();
    public final ObjectProperty<Clip> selectedClip = new SimpleObjectProperty<>(this, "selectedClip");
    public final BooleanProperty running = new SimpleBooleanProperty(this, "running");
    public final BooleanProperty exporting = new SimpleBooleanProperty(this, "exporting");
    public final ObjectProperty<Clip> runningClip = new SimpleObjectProperty<>(this, "runningClip");
    public final ObservableList<RunRecord> history = FXCollections.observableArrayList();
    public final ObjectProperty<RunReport> lastReport = new SimpleObjectProperty<>(this, "lastReport");
    public final ObjectProperty<RunTarget> lastReportTarget = new SimpleObjectProperty<>(this, "lastReportTarget");

    /**
     * Whether {@code clip} is being generated now: the one clip of a single run, or any of the
     * clips a device-pool batch has in flight (their status says so).
     */
    public boolean isGenerating(Clip clip) {
        return clip != null && (clip == runningClip.get() || clip.status() == studio.mobilei2v.studio.clip.ClipStatus.RUNNING);
    }

    /** The clips "Generate all" (on one target or over the device pool) would run now, in timeline order. */
    public java.util.List<Clip> ungeneratedClips() {
        return clips.stream().filter(c -> c.takes().isEmpty() && !isGenerating(c)).toList();
    }

    /** The devices in the run-target switch that can take a run now. */
    public java.util.List<RunTarget> usableDevices() {
        return targets.stream().filter(t -> t.kind() == RunTarget.Kind.DEVICE && t.usable()).toList();
    }
}
