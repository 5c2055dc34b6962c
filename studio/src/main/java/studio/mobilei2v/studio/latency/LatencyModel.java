package studio.mobilei2v.studio.latency;

import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/** The latency panel's data: stage times and per-frame times of the last run, and the runs table. */
public final class LatencyModel {
    /** Stage name -> milliseconds, in pipeline order. */
    public final ObservableList<StageTime> stages = FXCollections.observableArrayList();
    public final ObservableList<Double> frameMs = FXCollections.observableArrayList();
    public final ObservableList<RunsTableRow> rows = FXCollections.observableArrayList();
    public final StringProperty summary = new SimpleStringProperty(this, "summary", "No run yet.");
    public final StringProperty device = new SimpleStringProperty(this, "device", "");

    public record StageTime(String stage, double ms) {
    }
}
