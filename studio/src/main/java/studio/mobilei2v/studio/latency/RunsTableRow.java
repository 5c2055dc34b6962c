package studio.mobilei2v.studio.latency;

/**
 * One row of the runs table: all finished runs of one model + schedule on one target.
 * Times in milliseconds; NaN where there is nothing to show yet (e.g. no warm run).
 */
public record RunsTableRow(String target, String model, String schedule, int steps, int runs,
                           double initMs, double firstRunMs, double warmP50Ms, double warmP90Ms,
                           double perFrameMs) {
}
