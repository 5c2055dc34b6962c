package studio.mobilei2v.studio.store;

import studio.mobilei2v.inference.CropRect;
import studio.mobilei2v.inference.RunReport;

/**
 * One run as kept in the history file: its parameters, where it ran, how it ended and (when it
 * finished) the full run report, so the latency table survives a restart.
 *
 * @param outcome "done", "cancelled" or "failed"
 * @param report  null unless the run finished
 * @param sourceName the picture's own file name ({@code sourceFile} is the studio's kept copy);
 *                   null in files written before it was recorded
 * @param hostMs  the run as this computer saw it (from the request to the last frame, the link to a
 *                device included); null for unfinished runs and in files written before it was recorded
 */
public record RunRecord(String id, String startedAt, String target, String targetLabel, String model,
                        String schedule, int steps, long seed, double motionScore, String camera,
                        String sourceFile, String sourceSha256, CropRect crop, String outcome, String message,
                        RunReport report, String sourceName, Double hostMs) {

    /** The picture's name as the user knows it. */
    public String pictureName() {
        return sourceName != null ? sourceName : java.nio.file.Path.of(sourceFile).getFileName().toString();
    }

    public boolean finished() {
        return "done".equals(outcome) && report != null;
    }

    /**
     * Time the link and the protocol added to this run (host time minus the device's own total),
     * or NaN for a local run, an unfinished one, or a record without a host time.
     */
    public double transferMs() {
        if (!finished() || hostMs == null || "local".equals(target)) return Double.NaN;
        return Math.max(0, hostMs - report.totalMs());
    }
}
