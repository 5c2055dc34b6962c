package studio.mobilei2v.studio.engine;

import org.junit.jupiter.api.Test;
import studio.mobilei2v.inference.RunReport;
import studio.mobilei2v.inference.bundle.ModelBundle;
import studio.mobilei2v.studio.StudioUi;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The time a run will take, as the toolbar says it before Generate (issue 14: a 720p published model takes minutes on a CPU). */
class RunEstimateTest {
    private static RunReport ran(double totalMs, double gflops) {
        return new RunReport(RunReport.FORMAT, "2026-01-01T00:00:00Z", null, null, null, false, 100, null, List.of(), List.of(),
                10, totalMs, null, new RunReport.Compute(1, 1, 1, gflops * totalMs * 1e6, gflops));
    }

    @Test
    void trustsTheLastRunThenEarlierSpeedThenTheCpusPeak() throws Exception {
        ModelBundle bundle = ModelBundle.open(StudioUi.requireDefaultBundle());
        String schedule = bundle.sampler().defaultSchedule();
        double flops = RunEstimate.flopsPerRun(bundle, schedule);
        assertTrue(flops > 1e9, "the nano bundle's manifest counts its FLOPs: " + flops);

        RunEstimate last = RunEstimate.of(bundle, schedule, ran(730, 9), List.of(), true);
        assertEquals(RunEstimate.Basis.LAST_RUN, last.basis());
        assertEquals(0.73, last.seconds(), 1e-9);
        assertFalse(last.slow());

        RunReport cold = new RunReport(RunReport.FORMAT, "2026-01-01T00:00:00Z", null, null, null, true, 500, null,
                List.of(), List.of(), 10, 2000, null, null);
        assertEquals(1.5, RunEstimate.of(bundle, schedule, cold, List.of(), true).seconds(), 1e-9,
                "a cold first run counted without creating the sessions, which the next run skips");

        RunEstimate earlier = RunEstimate.of(bundle, schedule, null, List.of(ran(1, 1), ran(1, 10), ran(1, 1000)), true);
        assertEquals(RunEstimate.Basis.EARLIER_RUNS, earlier.basis());
        assertEquals(flops / 10e9, earlier.seconds(), 1e-9, "the median speed of earlier runs");

        RunEstimate cpu = RunEstimate.of(bundle, schedule, null, List.of(), true);
        assertEquals(RunEstimate.Basis.CPU_PEAK, cpu.basis());
        assertTrue(cpu.seconds() > 0 && cpu.label().startsWith("at least "), cpu.label());
        assertEquals("about 0.7 s (like the last run)", last.label());

        RunEstimate device = RunEstimate.of(bundle, schedule, null, List.of(), false);
        assertFalse(device.known(), "a device that never ran gives no number");
        assertFalse(device.slow());

        RunEstimate slow = RunEstimate.of(bundle, schedule, ran(14 * 60_000, 9), List.of(), true);
        assertTrue(slow.slow());
        assertEquals("about 14 min 00 s (like the last run)", slow.label());
        assertEquals(0, RunEstimate.flopsPerRun(bundle, "no-such-schedule"));
    }
}
