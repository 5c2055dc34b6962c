package studio.mobilei2v.studio.source;

import javafx.beans.property.BooleanProperty;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.scene.image.Image;
import studio.mobilei2v.inference.CropRect;
import studio.mobilei2v.studio.engine.ScheduleChoice;

/** The source panel's state: the selected clip's picture, crop and parameters, and what the bundle offers. */
public final class SourceModel {
    public final BooleanProperty hasClip = new SimpleBooleanProperty(this, "hasClip");
    public final ObjectProperty<Image> image = new SimpleObjectProperty<>(this, "image");
    public final StringProperty sourceName = new SimpleStringProperty(this, "sourceName", "");
    public final ObjectProperty<CropRect> crop = new SimpleObjectProperty<>(this, "crop");
    public final StringProperty cropText = new SimpleStringProperty(this, "cropText", "");
    public final StringProperty seed = new SimpleStringProperty(this, "seed", "");
    public final ObservableList<ScheduleChoice> schedules = FXCollections.observableArrayList();
    public final ObjectProperty<ScheduleChoice> schedule = new SimpleObjectProperty<>(this, "schedule");
    public final DoubleProperty motionMin = new SimpleDoubleProperty(this, "motionMin", 0);
    public final DoubleProperty motionMax = new SimpleDoubleProperty(this, "motionMax", 1);
    public final DoubleProperty motion = new SimpleDoubleProperty(this, "motion", 0);
    public final StringProperty motionUnit = new SimpleStringProperty(this, "motionUnit", "");
    public final ObservableList<String> cameras = FXCollections.observableArrayList();
    public final ObjectProperty<String> camera = new SimpleObjectProperty<>(this, "camera");
    public final BooleanProperty cameraOffered = new SimpleBooleanProperty(this, "cameraOffered");
    public final BooleanProperty promptEnabled = new SimpleBooleanProperty(this, "promptEnabled");
    public final StringProperty promptReason = new SimpleStringProperty(this, "promptReason", "");
    public final StringProperty prompt = new SimpleStringProperty(this, "prompt", "");
}
