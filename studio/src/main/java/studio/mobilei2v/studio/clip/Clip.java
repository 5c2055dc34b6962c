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

    /** Short label for the timeline and messages. */
    public String label() {
        return source.get().name();
    }

    @Override
    public String toString() {
        return "Clip[" + label() + ", " + status.get() + ", " + frames.size() + "/" + expectedFrames.get() + "]";
    }
}
