package studio.mobilei2v.studio.clip;

import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.scene.image.Image;
import studio.mobilei2v.inference.CropRect;
import studio.mobilei2v.inference.RunReport;

import java.util.UUID;

/**
 * One clip of the timeline. Its properties are written only on the UI thread (by controllers);
 * views bind to them. The frames list fills in, in order, while a run streams.
 */
public final class Clip {
    private final UUID id;
    private final ObjectProperty<SourcePicture> source = new SimpleObjectProperty<>(this, "source");
    private final ObjectProperty<Image> sourceImage = new SimpleObjectProperty<>(this, "sourceImage");
    private final ObjectProperty<CropRect> crop = new SimpleObjectProperty<>(this, "crop");
    private final ObjectProperty<ClipParameters> parameters = new SimpleObjectProperty<>(this, "parameters");
    private final ObservableList<ClipFrame> frames = FXCollections.observableArrayList();
    private final IntegerProperty expectedFrames = new SimpleIntegerProperty(this, "expectedFrames");
    private final IntegerProperty fps = new SimpleIntegerProperty(this, "fps", 17);
    private final ObjectProperty<ClipStatus> status = new SimpleObjectProperty<>(this, "status", ClipStatus.NEW);
    private final ObjectProperty<RunReport> lastReport = new SimpleObjectProperty<>(this, "lastReport");
    private final StringProperty model = new SimpleStringProperty(this, "model", "");
    private final ObservableList<Take> takes = FXCollections.observableArrayList();
    private final ObjectProperty<Take> currentTake = new SimpleObjectProperty<>(this, "currentTake");
    private Take beforeRun;

    public Clip(UUID id, SourcePicture source, Image sourceImage, CropRect crop, ClipParameters parameters,
                int expectedFrames, int fps) {
        this.id = id;
        this.source.set(source);
        this.sourceImage.set(sourceImage);
        this.crop.set(crop);
        this.parameters.set(parameters);
        this.expectedFrames.set(expectedFrames);
        this.fps.set(fps);
    }

    public UUID id() { return id; }
    public ObjectProperty<SourcePicture> sourceProperty() { return source; }
    public SourcePicture source() { return source.get(); }
    public ObjectProperty<Image> sourceImageProperty() { return sourceImage; }
    public ObjectProperty<CropRect> cropProperty() { return crop; }
    public CropRect crop() { return crop.get(); }
    public ObjectProperty<ClipParameters> parametersProperty() { return parameters; }
    public ClipParameters parameters() { return parameters.get(); }
    public ObservableList<ClipFrame> frames() { return frames; }
    public IntegerProperty expectedFramesProperty() { return expectedFrames; }
    public IntegerProperty fpsProperty() { return fps; }
    public ObjectProperty<ClipStatus> statusProperty() { return status; }
    public ClipStatus status() { return status.get(); }
    public ObjectProperty<RunReport> lastReportProperty() { return lastReport; }
    public StringProperty modelProperty() { return model; }

    /** Every finished take, oldest first. */
    public ObservableList<Take> takes() { return takes; }

    /** The take whose frames are shown, or null (never generated, or a run is streaming). */
    public ObjectProperty<Take> currentTakeProperty() { return currentTake; }

    public Take currentTake() { return currentTake.get(); }

    /** Keeps a finished run as a new take and shows it. */
    public void addTake(Take take) {
        beforeRun = null;
        takes.add(take);
        showTake(take);
    }

    /** Shows an earlier (or the latest) take: its frames, report, model and status. */
    public void showTake(Take take) {
        if (!takes.contains(take)) throw new IllegalArgumentException("not a take of " + label());
        currentTake.set(take);
        frames.setAll(take.frames());
        expectedFrames.set(take.frames().size());
        lastReport.set(take.report());
        model.set(take.model());
        status.set(take.status());
    }

    /** Clears the shown frames for a run that is about to stream (the takes themselves stay). */
    public void startRun(int frameCount, int framesPerSecond, String modelName) {
        beforeRun = currentTake.get();
        currentTake.set(null);
        frames.clear();
        expectedFrames.set(frameCount);
        fps.set(framesPerSecond);
        model.set(modelName);
        status.set(ClipStatus.RUNNING);
    }

    /**
     * A run ended without a result: the last good take comes back when there is one; else the
     * frames that arrived stay with {@code outcome} (cancelled or failed).
     *
     * @return the take shown again, or null
     */
    public Take endRunWithoutResult(ClipStatus outcome) {
        Take back = beforeRun != null && takes.contains(beforeRun) ? beforeRun
                : takes.isEmpty() ? null : takes.get(takes.size() - 1);
        beforeRun = null;
        if (back != null) {
            showTake(back);
            return back;
        }
        status.set(outcome);
        return null;
    }

    /** Short label for the timeline and messages. */
    public String label() {
        return source.get().name();
    }

    @Override
    public String toString() {
        return "Clip[" + label() + ", " + status.get() + ", " + frames.size() + "/" + expectedFrames.get() + "]";
    }
}
