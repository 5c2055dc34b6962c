package studio.mobilei2v.studio.latency;

import javafx.collections.ListChangeListener;
import studio.mobilei2v.inference.RunReport;
import studio.mobilei2v.inference.Stage;
import studio.mobilei2v.studio.shared.StudioState;
import studio.mobilei2v.studio.store.RunRecord;

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

    /** "total 620 ms (first run, init 90 ms included)", "run 220 ms + init 99 ms = 319 ms", "total 80 ms (warm: model already loaded)". */
    static String totalText(RunReport r, boolean cold, boolean initOutside) {
        if (!cold) return String.format(Locale.ROOT, "total %.0f ms (warm: model already loaded)", r.totalMs());
        if (initOutside) {
            return String.format(Locale.ROOT, "run %.0f ms + init %.0f ms = %.0f ms (first run)", r.totalMs(), r.initMs(), r.totalMs() + r.initMs());
        }
        return String.format(Locale.ROOT, "total %.0f ms (first run, init %.0f ms included)", r.totalMs(), r.initMs());
    }

    private void showReport(RunReport r) {
        if (r == null) return;
        RunReport.StageTimes s = r.stages();
        // the picture is decoded before generate() is called, so "load" is never part of the total
        double inside = s.preprocessMs() + s.encoderMs() + s.denoiserMs() + s.decoderMs();
        // init counts as a cold start whatever the flag says: a warm label beside an init bar is a lie
        boolean cold = r.firstRun() || r.initMs() >= 1;
        // some reports (the device runner's) time init apart from the run: then the total leaves it out
        boolean initOutside = r.initMs() >= 1 && inside + r.initMs() > r.totalMs() * 1.02 + 1;
        model.stages.setAll(
                new LatencyModel.StageTime(Stage.INIT, cold ? "" : "loaded", r.initMs()),
                new LatencyModel.StageTime(Stage.LOAD, "before", s.loadMs()),
                new LatencyModel.StageTime(Stage.PREPROCESS, s.preprocessMs()),
                new LatencyModel.StageTime(Stage.ENCODER, s.encoderMs()),
                new LatencyModel.StageTime(Stage.DENOISER, s.denoiserMs()),
                new LatencyModel.StageTime(Stage.DECODER, s.decoderMs()),
                new LatencyModel.StageTime(Stage.WARP, s.warpMs()));
        model.frameMs.setAll(r.frameMs() == null ? List.of() : r.frameMs());
        double perFrame = r.frameMs() == null || r.frameMs().isEmpty() ? 0 : studio.mobilei2v.inference.Percentiles.nearestRank(r.frameMs(), 50);
        model.summary.set(String.format(Locale.ROOT,
                "%s, %s (%d %s): %s, first frame after %.0f ms, decoder P50 %.1f ms/frame, %.1f GFLOP/s",
                r.model().name(), r.parameters().schedule(), r.parameters().steps(), r.parameters().steps() == 1 ? "step" : "steps",
                totalText(r, cold, initOutside) + (s.loadMs() >= 1
                        ? String.format(Locale.ROOT, "; picture decoded in %.0f ms before it", s.loadMs()) : ""),
                r.firstFrameMs(), perFrame, r.compute() == null ? 0 : r.compute().gflopsPerSecond()));
        RunReport.Placement p = r.placement();
        model.device.set(p == null ? "" : String.format(Locale.ROOT, "Ran on %s: %s, %s, %d threads, %s %s, %s",
                p.target(), p.device(), p.executionProvider(), p.threads(), p.os(), p.arch(), p.runtime()));
    }
}
