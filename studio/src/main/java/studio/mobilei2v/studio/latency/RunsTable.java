package studio.mobilei2v.studio.latency;

import studio.mobilei2v.inference.Percentiles;
import studio.mobilei2v.inference.RunReport;
import studio.mobilei2v.studio.store.RunRecord;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Groups finished runs by target, model and schedule so local and device runs sit side by side.
 * "First run" is a run whose sessions were cold; P50/P90 are over warm runs only, because the
 * first run pays for session creation and would make any percentile of a few runs meaningless.
 */
public final class RunsTable {
    private RunsTable() {
    }

    public static List<RunsTableRow> summarize(List<RunRecord> history) {
        Map<String, List<RunRecord>> groups = new LinkedHashMap<>();
        for (RunRecord r : history) {
            if (!r.finished()) continue;
            groups.computeIfAbsent(r.targetLabel() + "\u0000" + r.model() + "\u0000" + r.schedule(), k -> new ArrayList<>()).add(r);
        }
        List<RunsTableRow> rows = new ArrayList<>();
        for (List<RunRecord> g : groups.values()) {
            RunRecord first = g.get(0);
            double init = Double.NaN;
            double firstRun = Double.NaN;
            List<Double> warm = new ArrayList<>();
            List<Double> frames = new ArrayList<>();
            List<Double> transfer = new ArrayList<>();
            String device = null;
            for (RunRecord r : g) {
                if (!Double.isNaN(r.transferMs())) transfer.add(r.transferMs());
                if (r.report().placement() != null) device = r.report().placement().device();
                RunReport rep = r.report();
                if (rep.firstRun()) {
                    // the latest cold run describes the current state of the machine best
                    init = rep.initMs();
                    firstRun = rep.totalMs();
                } else {
                    warm.add(rep.totalMs());
                    if (rep.frameMs() != null) frames.addAll(rep.frameMs());
                }
            }
            if (frames.isEmpty()) {
                for (RunRecord r : g) if (r.report().frameMs() != null) frames.addAll(r.report().frameMs());
            }
            rows.add(new RunsTableRow(first.targetLabel(), first.model(), first.schedule(), first.steps(), g.size(),
                    init, firstRun, Percentiles.nearestRank(warm, 50), Percentiles.nearestRank(warm, 90), Percentiles.nearestRank(frames, 50), device,
                    Percentiles.nearestRank(transfer, 50)));
        }
        return rows;
    }
}
