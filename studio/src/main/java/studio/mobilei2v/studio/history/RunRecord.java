package studio.mobilei2v.studio.history;

import studio.mobilei2v.inference.CropRect;
import studio.mobilei2v.inference.RunReport;

/**
 * One run as kept in the history file: its parameters, where it ran, how it ended and (when it
 * finished) the full run report, so the latency table survives a restart.
 *
 * @param outcome "done", "cancelled" or "failed"
 * @param report  null unless the run finished
 */
public record RunRecord(String id, String startedAt, String target, String targetLabel, String model,
                        String schedule, int steps, long seed, double motionScore, String camera,
                        String sourceFile, String sourceSha256, CropRect crop, String outcome, String message,
                        RunReport report) {

    public boolean finished() {
        return "done".equals(outcome) && report != null;
    }
}
