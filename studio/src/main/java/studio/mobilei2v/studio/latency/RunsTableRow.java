package studio.mobilei2v.studio.latency;

/**
 * One row of the runs table: all finished runs of one model + schedule on one target.
 * Times in milliseconds; NaN where there is nothing to show yet (e.g. no warm run).
 *
 * @param device     what the target reported of itself in its latest run (host name, or phone model + SoC)
 * @param transferMs P50 over the runs of the time the link added (host time minus the device's own
 *                   total); NaN for this computer
 */
public record RunsTableRow(String target, String model, String schedule, int steps, int runs,
                           double initMs, double firstRunMs, double warmP50Ms, double warmP90Ms,
                           double perFrameMs, String device, double transferMs) {

    /** Decoder ms per frame against the paper's 100 ms budget: "3.6x under", "1.4x over", or "–". */
    public String againstBudget(double budgetMs) {
        if (Double.isNaN(perFrameMs) || perFrameMs <= 0) return "–";
        double r = perFrameMs <= budgetMs ? budgetMs / perFrameMs : perFrameMs / budgetMs;
        return String.format(java.util.Locale.ROOT, "%.1fx %s", r, perFrameMs <= budgetMs ? "under" : "over");
    }
}
