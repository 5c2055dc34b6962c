package studio.mobilei2v.studio.latency;

import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import studio.mobilei2v.inference.Stage;

/** The latency panel's data: stage times and per-frame times of the last run, and the runs table. */
public final class LatencyModel {
    /** Stage -> milliseconds, in pipeline order. */
    public final ObservableList<StageTime> stages = FXCollections.observableArrayList();
    public final ObservableList<Double> frameMs = FXCollections.observableArrayList();
    public final ObservableList<RunsTableRow> rows = FXCollections.observableArrayList();
    public final StringProperty summary = new SimpleStringProperty(this, "summary", "No run yet.");
    public final StringProperty device = new SimpleStringProperty(this, "device", "");

    /** @param note a qualifier shown after the stage's name ("loaded", "before"), or empty */
    public record StageTime(Stage stage, String note, double ms) {
        public StageTime(Stage stage, double ms) {
            this(stage, "", ms);
        }

        /** The bar's label: "decoder", "init (loaded)". */
        public String label() {
            return note.isEmpty() ? stage.wireName() : stage.wireName() + " (" + note + ")";
        }
    }
}
