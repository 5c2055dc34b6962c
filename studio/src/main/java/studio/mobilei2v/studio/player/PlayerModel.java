package studio.mobilei2v.studio.player;

import javafx.beans.property.BooleanProperty;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.scene.image.Image;

/** What the player shows: the current frame of the selected clip and the transport state. */
public final class PlayerModel {
    public final ObjectProperty<Image> frame = new SimpleObjectProperty<>(this, "frame");
    public final IntegerProperty index = new SimpleIntegerProperty(this, "index");
    public final IntegerProperty available = new SimpleIntegerProperty(this, "available");
    public final BooleanProperty playing = new SimpleBooleanProperty(this, "playing");
    public final BooleanProperty loop = new SimpleBooleanProperty(this, "loop", true);
    public final IntegerProperty fps = new SimpleIntegerProperty(this, "fps", 17);
    public final StringProperty frameText = new SimpleStringProperty(this, "frameText", "no clip");
}
