package studio.mobilei2v.studio.shared;

import javafx.beans.property.DoubleProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import studio.mobilei2v.studio.task.TaskHandle;

/** What the toolbar shows about the run in flight (the shared state holds the rest). */
public final class ToolbarModel {
    public final StringProperty stage = new SimpleStringProperty(this, "stage", "ready");
    public final DoubleProperty progress = new SimpleDoubleProperty(this, "progress", 0);
    public final StringProperty timing = new SimpleStringProperty(this, "timing", "");
    public final StringProperty targetStatus = new SimpleStringProperty(this, "targetStatus", "");
    /** Overall progress of "Generate all" ("clip 2 of 5"), empty when no queue runs. */
    public final StringProperty queue = new SimpleStringProperty(this, "queue", "");
    /** Whether "Generate all on every device" also uses this computer as one of the pool's workers. */
    public final javafx.beans.property.BooleanProperty poolIncludesThisComputer =
            new javafx.beans.property.SimpleBooleanProperty(this, "poolIncludesThisComputer", false);
    /** How long Generate would take for the selected clip ("about 14 min 20 s (from this CPU's nominal speed ...)"). */
    public final StringProperty estimate = new SimpleStringProperty(this, "estimate", "");
    public final StringProperty bundleStatus = new SimpleStringProperty(this, "bundleStatus", "no model open");

    /** Cancels the run in flight (null: none), saying so in the stage text until it has stopped. */
    public void cancel(TaskHandle run) {
        if (run != null) {
            stage.set("cancelling…");
            run.cancel();
        }
    }
}
