package studio.mobilei2v.studio.engine;

import studio.mobilei2v.inference.RunReport;
import studio.mobilei2v.inference.bundle.GraphRole;
import studio.mobilei2v.inference.bundle.ModelBundle;
import studio.mobilei2v.inference.bundle.SigmaSchedule;
import studio.mobilei2v.inference.local.HardwarePeak;

import java.util.List;
import java.util.Optional;

/**
 * How long a run will take, said before it starts (a converted published model at 1280x720 takes
 * minutes on a laptop CPU). In order of trust: the last run of the same model, schedule and target;
 * the run's FLOPs (the manifest's FLOPs per call x calls) over the speed this target reached on
 * earlier runs of any model; for this computer with no history, the CPU's nominal peak x
 * {@link #NOMINAL_EFFICIENCY}.
 *
 * @param seconds NaN when nothing is known (a device that never ran)
 */
public record RunEstimate(double seconds, Basis basis) {
    /** A run longer than this asks before it starts. */
    public static final double SLOW_SECONDS = 60;
    /** Share of the nominal CPU peak a run reaches (measured 0.1-0.3 on AVX2/AVX-512 laptops and servers; docs/PERFORMANCE.md). */
    static final double NOMINAL_EFFICIENCY = 0.2;

    public enum Basis {
        LAST_RUN("like the last run"),
        EARLIER_RUNS("from this target's speed on earlier runs"),
        CPU_PEAK("from this CPU's nominal speed, no run measured yet"),
        UNKNOWN("no run measured on this target yet");

        final String words;

        Basis(String words) {
            this.words = words;
        }
    }

    /**
     * @param previous    the last finished run of this model, schedule and target, or null
     * @param earlierRuns finished runs on this target (any model), newest last
     * @param local       whether the target is this computer (so the CPU's nominal peak is a fallback)
     */
    public static RunEstimate of(ModelBundle bundle, String schedule, RunReport previous, List<RunReport> earlierRuns,
                                 boolean local) {
        if (previous != null && previous.totalMs() > 0) {
            // a cold first run includes creating the sessions, which the next run on the same generator skips
            double ms = previous.totalMs() - (previous.firstRun() ? Math.min(previous.initMs(), previous.totalMs() / 2) : 0);
            return new RunEstimate(ms / 1000, Basis.LAST_RUN);
        }
        double flops = flopsPerRun(bundle, schedule);
        double[] speeds = earlierRuns.stream().filter(r -> r.compute() != null && r.compute().gflopsPerSecond() > 0)
                .mapToDouble(r -> r.compute().gflopsPerSecond()).toArray();
        if (flops > 0 && speeds.length > 0) {
            return new RunEstimate(flops / (studio.mobilei2v.inference.Percentiles.nearestRank(speeds, 50) * 1e9), Basis.EARLIER_RUNS);
        }
        double peak = local ? CpuPeak.GFLOPS : 0;
        if (flops > 0 && peak > 0) return new RunEstimate(flops / (peak * NOMINAL_EFFICIENCY * 1e9), Basis.CPU_PEAK);
        return new RunEstimate(Double.NaN, Basis.UNKNOWN);
    }

    /** The manifest's FLOPs for one run (Manifest.flopsPerClip: encoder once, denoiser per step, the decoder's calls). */
    static double flopsPerRun(ModelBundle bundle, String schedule) {
        Optional<SigmaSchedule> s = bundle.sampler().resolve(schedule);
        return s.isEmpty() ? 0 : bundle.manifest().flopsPerClip(s.get());
    }

    public boolean known() {
        return !Double.isNaN(seconds);
    }

    public boolean slow() {
        return known() && seconds > SLOW_SECONDS;
    }

    /**
     * "about 0.7 s (like the last run)", for the toolbar. An estimate from FLOPs alone is a lower
     * bound (it leaves out loading, the warp and memory-bound work), so it says "at least".
     */
    public String label() {
        if (!known()) return basis.words;
        String prefix = basis == Basis.CPU_PEAK || basis == Basis.EARLIER_RUNS ? "at least " : "about ";
        return prefix + ProgressClock.format(Math.max(seconds, 0.1)) + " (" + basis.words + ")";
    }

    private static final class CpuPeak {
        static final double GFLOPS = HardwarePeak.detect().gflops(); // read /proc/cpuinfo once
    }
}
