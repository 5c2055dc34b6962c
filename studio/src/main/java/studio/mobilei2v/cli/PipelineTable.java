package studio.mobilei2v.cli;

import studio.mobilei2v.inference.Stage;
import studio.mobilei2v.inference.local.HardwarePeak;
import studio.mobilei2v.cli.BenchFigures.P5090;
import studio.mobilei2v.cli.BenchFigures.P50;
import studio.mobilei2v.cli.BenchFigures.Pipeline;

import java.io.PrintWriter;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;

/** The pipeline figures of {@code bench} as the table it prints. */
final class PipelineTable {
    private PipelineTable() {
    }

    static void print(PrintWriter out, Pipeline r) {
        out.println(String.format(Locale.ROOT, "bench: %s (%s), %s, %s threads, %s runs after a warm-up, target %s",
                r.model(), r.variant(), r.schedule(), r.threads(), r.runs(), r.target()));
        out.println(String.format(Locale.ROOT, "  session init        %9.1f ms", r.initMs()));
        out.println(String.format(Locale.ROOT, "  first run           %9.1f ms", r.firstRunMs()));
        row(out, "clip", r.clipMs());
        row(out, "first frame", r.firstFrameMs());
        Map<Stage, P50> stages = new EnumMap<>(Stage.class); // in pipeline order
        stages.put(Stage.ENCODER, r.stagesMs().encoder());
        stages.put(Stage.DENOISER, r.stagesMs().denoiser());
        stages.put(Stage.DECODER, r.stagesMs().decoder());
        stages.put(Stage.WARP, r.stagesMs().warp());
        stages.forEach((s, p) -> out.println(String.format(Locale.ROOT, "  %-19s p50 %7.1f ms", s, p.p50())));
        row(out, "per frame (decoder)", r.perFrameMs());
        out.println(String.format(Locale.ROOT, "  achieved            %9.1f GFLOP/s (manifest FLOPs / graph time)", r.gflopsAchieved()));
        if (r.gflopsPeakProbe() != null) {
            out.println(String.format(Locale.ROOT, "  ORT MatMul probe    %9.1f GFLOP/s (%s)  roofline efficiency %.1f%%",
                    r.gflopsPeakProbe(), r.probe().shape(), 100 * r.rooflineEfficiency()));
            out.println(String.format(Locale.ROOT, "  denoiser alone      %9.1f GFLOP/s  roofline efficiency %.1f%%",
                    r.stageGflops().denoiser(), 100 * r.denoiserRooflineEfficiency()));
        }
        if (r.hardwarePeak() != null) {
            out.println("  hardware peak       " + HardwarePeak.detect().describe()
                    + (r.hardwareEfficiency() != null ? String.format(Locale.ROOT, "; efficiency %.1f%%",
                    100 * r.hardwareEfficiency()) : ""));
        }
        out.println("  peak RSS            " + (r.peakRssMb() == null ? "unavailable"
                : String.format(Locale.ROOT, "%9.1f MB", r.peakRssMb())) + " (during a run)");
        if (r.loadPeakRssMb() != null) {
            out.println(String.format(Locale.ROOT, "  peak RSS at load    %9.1f MB (creating the sessions)", r.loadPeakRssMb()));
        }
        out.flush();
    }

    private static void row(PrintWriter out, String name, P5090 m) {
        out.println(String.format(Locale.ROOT, "  %-19s p50 %7.1f ms   p90 %7.1f ms", name, m.p50(), m.p90()));
    }
}
