package studio.mobilei2v.studio.latency;

import javafx.collections.ListChangeListener;
import studio.mobilei2v.inference.RunReport;
import studio.mobilei2v.studio.app.StudioState;
import studio.mobilei2v.studio.history.RunRecord;

import java.util.List;
import java.util.Locale;

/** Fills the latency panel from the last report and the history (local and device runs side by side). */
public final class LatencyController {
    private final StudioState state;
    private final LatencyModel model = new LatencyModel();
    private final LatencyView view;

    public LatencyController(StudioState state) {
        this.state = state;
        this.view = new LatencyView(model);
        state.lastReport.addListener((o, a, r) -> showReport(r));
        state.history.addListener((ListChangeListener<RunRecord>) c -> model.rows.setAll(RunsTable.summarize(state.history)));
        model.rows.setAll(RunsTable.summarize(state.history));
    }

    public LatencyView view() { return view; }

    public LatencyModel model() { return model; }

    /** Shows the newest finished run from the history (after a restart). */
    public void showLatestFromHistory() {
        List<RunRecord> h = state.history;
        for (int i = h.size() - 1; i >= 0; i--) {
            if (h.get(i).finished()) { showReport(h.get(i).report()); return; }
        }
    }

    private void showReport(RunReport r) {
        if (r == null) return;
        RunReport.StageTimes s = r.stages();
        model.stages.setAll(
                new LatencyModel.StageTime("init", r.initMs()),
                new LatencyModel.StageTime("load", s.loadMs()),
                new LatencyModel.StageTime("preprocess", s.preprocessMs()),
                new LatencyModel.StageTime("encoder", s.encoderMs()),
                new LatencyModel.StageTime("denoiser", s.denoiserMs()),
                new LatencyModel.StageTime("decoder", s.decoderMs()),
                new LatencyModel.StageTime("warp", s.warpMs()));
        model.frameMs.setAll(r.frameMs() == null ? List.of() : r.frameMs());
        double perFrame = r.frameMs() == null || r.frameMs().isEmpty() ? 0 : RunsTable.percentile(r.frameMs(), 50);
        model.summary.set(String.format(Locale.ROOT,
                "%s, %s (%d %s): total %.0f ms%s, first frame after %.0f ms, decoder P50 %.1f ms/frame, %.1f GFLOP/s",
                r.model().name(), r.parameters().schedule(), r.parameters().steps(), r.parameters().steps() == 1 ? "step" : "steps",
                r.totalMs(), r.firstRun() ? " (first run, init " + Math.round(r.initMs()) + " ms)" : " (warm)",
                r.firstFrameMs(), perFrame, r.compute() == null ? 0 : r.compute().gflopsPerSecond()));
        RunReport.Placement p = r.placement();
        model.device.set(p == null ? "" : String.format(Locale.ROOT, "Ran on %s: %s, %s, %d threads, %s %s, %s",
                p.target(), p.device(), p.executionProvider(), p.threads(), p.os(), p.arch(), p.runtime()));
    }
}
