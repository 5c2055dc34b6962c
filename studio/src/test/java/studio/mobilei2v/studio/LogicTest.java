package studio.mobilei2v.studio;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import studio.mobilei2v.inference.CropRect;
import studio.mobilei2v.inference.RunReport;
import studio.mobilei2v.inference.bundle.SigmaSchedule;
import studio.mobilei2v.studio.engine.ProgressClock;
import studio.mobilei2v.studio.engine.ProgressPlan;
import studio.mobilei2v.studio.store.HistoryStore;
import studio.mobilei2v.studio.store.RunRecord;
import studio.mobilei2v.studio.latency.RunsTable;
import studio.mobilei2v.studio.latency.RunsTableRow;
import studio.mobilei2v.studio.source.CropMath;
import studio.mobilei2v.studio.task.BackgroundTask;
import studio.mobilei2v.studio.task.LatestTaskWins;
import studio.mobilei2v.studio.task.ThreadPoolTaskExecutor;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.*;

/** The studio's logic without a screen: crop arithmetic, runs table, history file, progress, task scheduling. */
class LogicTest {

    @Test
    void movedCropStaysInsideTheImage() {
        CropRect c = CropRect.centred(1000, 1000, 256, 144);
        CropRect m = CropMath.moved(c, 0, 10_000, 1000, 1000);
        assertEquals(1000 - c.height(), m.y());
        CropRect back = CropMath.moved(c, -5, -10_000, 1000, 1000);
        assertEquals(0, back.y());
        assertEquals(0, back.x());
    }

    @Test
    void scaledCropKeepsAspectAndBounds() {
        CropRect c = CropRect.centred(1600, 900, 16, 9);
        CropRect z = CropMath.scaled(c, 0.5, 1600, 900, 16, 9);
        assertEquals(800, z.width());
        assertEquals(450, z.height());
        assertEquals(400, z.x());
        assertEquals(225, z.y());
        CropRect big = CropMath.scaled(z, 10, 1600, 900, 16, 9);
        assertEquals(1600, big.width());
        assertTrue(big.fitsIn(1600, 900));
    }

    @Test
    void runsTableSeparatesTargetsAndColdFromWarm() {
        RunRecord cold = record("local", "This computer", report(true, 900, 300, 10));
        RunRecord warm1 = record("local", "This computer", report(false, 0, 100, 4));
        RunRecord warm2 = record("local", "This computer", report(false, 0, 120, 6));
        RunRecord device = record("SER1", "Pixel (SER1)", report(true, 2000, 700, 30));
        RunRecord failed = new RunRecord("x", "t", "local", "This computer", "nano", "distilled-1", 1, 1, 2, null,
                "a.png", null, null, "failed", "boom", null, null, null);
        List<RunsTableRow> rows = RunsTable.summarize(List.of(cold, warm1, warm2, device, failed));
        assertEquals(2, rows.size());
        RunsTableRow local = rows.get(0);
        assertEquals("This computer", local.target());
        assertEquals(3, local.runs());
        assertEquals(900, local.initMs());
        assertEquals(300, local.firstRunMs());
        assertEquals(100, local.warmP50Ms());
        assertEquals(120, local.warmP90Ms());
        assertEquals(4, local.perFrameMs()); // median over warm frames {4,4,6,6}: nearest rank 2 -> 4
        RunsTableRow dev = rows.get(1);
        assertTrue(Double.isNaN(dev.warmP50Ms()));
        assertEquals(30, dev.perFrameMs());
        // the link: host time minus the device's own total, for devices only
        assertEquals(25, dev.transferMs(), 1e-9);
        assertTrue(Double.isNaN(local.transferMs()), "no link on this computer");
        // ms per frame against the paper's 100 ms budget
        assertEquals("25.0x under", local.againstBudget(100));
        assertEquals("3.3x under", dev.againstBudget(100));
        assertEquals("1.5x over", dev.againstBudget(20));
    }

    @Test
    void historySurvivesARestartAndADamagedFileIsKeptAside(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("history.json");
        HistoryStore store = new HistoryStore(file);
        store.load();
        store.append(record("local", "This computer", report(true, 10, 20, 1)));
        store.append(record("local", "This computer", report(false, 0, 15, 1)));
        HistoryStore again = new HistoryStore(file);
        List<RunRecord> runs = again.load();
        assertEquals(2, runs.size());
        assertEquals(15, runs.get(1).report().totalMs());
        assertNull(again.loadProblem());
        try (var s = Files.list(dir)) {
            assertEquals(1, s.count(), "no temporary file left next to history.json");
        }

        Files.writeString(file, "{ not json");
        HistoryStore damaged = new HistoryStore(file);
        assertTrue(damaged.load().isEmpty());
        assertNotNull(damaged.loadProblem());
        assertTrue(damaged.loadProblem().contains("history.json"));
        try (var s = Files.list(dir)) {
            assertTrue(s.anyMatch(p -> p.getFileName().toString().startsWith("history.json.damaged-")));
        }
    }

    @Test
    void progressIsMonotonicAndEndsAtOne() {
        ProgressPlan plan = ProgressPlan.of(null, 2, 17, true);
        double last = plan.loading().fraction();
        for (double f : new double[] {plan.encoding().fraction(), plan.denoising(0, 2).fraction(),
                plan.denoising(1, 2).fraction(), plan.decoded(0, 17).fraction(), plan.decoded(16, 17).fraction()}) {
            assertTrue(f >= last, "progress went backwards");
            last = f;
        }
        assertEquals(1.0, last, 1e-9);
        assertEquals("denoise step 2/2", plan.denoising(1, 2).stage());
        assertEquals("decode frame 5/17", plan.decoded(4, 17).stage());
        ProgressClock clock = new ProgressClock(0);
        assertTrue(Double.isNaN(clock.etaSeconds(1_000_000_000L, 0.01)));
        assertEquals(3.0, clock.etaSeconds(1_000_000_000L, 0.25), 1e-9);
    }

    @Test
    void latestTaskWinsCancelsTheStaleTask() throws Exception {
        try (ThreadPoolTaskExecutor executor = new ThreadPoolTaskExecutor(Runnable::run)) {
            LatestTaskWins latest = new LatestTaskWins(executor);
            CountDownLatch release = new CountDownLatch(1);
            AtomicReference<String> result = new AtomicReference<>();
            CountDownLatch staleCancelled = new CountDownLatch(1);
            CountDownLatch done = new CountDownLatch(1);
            latest.submit("k", BackgroundTask.of("old", ctx -> { release.await(5, TimeUnit.SECONDS); return "old"; })
                    .onSuccess(result::set).onCancelled(staleCancelled::countDown));
            latest.submit("k", BackgroundTask.of("new", ctx -> "new").onSuccess(v -> { result.set(v); done.countDown(); }));
            assertTrue(done.await(5, TimeUnit.SECONDS));
            release.countDown();
            assertTrue(staleCancelled.await(5, TimeUnit.SECONDS), "the older task is reported cancelled");
            assertEquals("new", result.get(), "a stale result never overwrites the newer one");
            long end = System.currentTimeMillis() + 5000;
            while (executor.inFlight() > 0 && System.currentTimeMillis() < end) Thread.sleep(10);
            assertEquals(0, executor.inFlight());
        }
    }

    @Test
    void windowLayoutIsRememberedAndADamagedFileMeansDefaults(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("window.json");
        studio.mobilei2v.studio.store.WindowState s = new studio.mobilei2v.studio.store.WindowState(
                10, 20, 1200, 800, false, 0.3, 0.7, 0.6, "/x/bundle");
        s.save(file);
        assertEquals(s, studio.mobilei2v.studio.store.WindowState.load(file));
        Files.writeString(file, "garbage");
        assertEquals(studio.mobilei2v.studio.store.WindowState.DEFAULT, studio.mobilei2v.studio.store.WindowState.load(file));
    }

    @Test
    void parametersAdaptToAnotherBundle() {
        var schedules = List.of(new studio.mobilei2v.studio.engine.ScheduleChoice("distilled-1", SigmaSchedule.Kind.DISTILLED, 1),
                new studio.mobilei2v.studio.engine.ScheduleChoice("teacher-20", SigmaSchedule.Kind.TEACHER, 20));
        var noCamera = new studio.mobilei2v.studio.engine.BundleFacts(Path.of("b"), "b", "1", 256, 144, 17, 17, schedules,
                "distilled-1", 0.5, 4, 2, "", List.of(), null, false, "", "");
        var p = new studio.mobilei2v.studio.clip.ClipParameters(5, "distilled-2", 9.0, "pan-left", "hello");
        var a = studio.mobilei2v.studio.source.ClipDefaults.adapt(p, noCamera);
        assertEquals(5, a.seed(), "the seed is kept");
        assertEquals("distilled-1", a.schedule(), "an unknown schedule falls back to the default");
        assertEquals(2.0, a.motionScore(), "a motion score outside the range falls back to the default");
        assertNull(a.camera(), "no camera for a bundle without camera classes");
        assertNull(a.prompt(), "no prompt for a bundle without text input");
        var kept = studio.mobilei2v.studio.source.ClipDefaults.adapt(a.withSchedule("teacher-20").withMotionScore(3.5), noCamera);
        assertEquals("teacher-20", kept.schedule());
        assertEquals(3.5, kept.motionScore());
    }

    private static RunRecord record(String target, String label, RunReport r) {
        return new RunRecord(java.util.UUID.randomUUID().toString(), "2026-01-01T00:00:00Z", target, label, "nano",
                "distilled-1", 1, 7, 2.0, null, "a.png", null, null, "done", null, r, null, r.totalMs() + 25);
    }

    private static RunReport report(boolean first, double initMs, double totalMs, double frameMs) {
        return new RunReport(RunReport.FORMAT, "2026-01-01T00:00:00Z", new RunReport.Model("nano", "0.1", "desktop", "fp32"),
                null, new RunReport.Parameters(7, "distilled-1", 1, List.of(1.0, 0.0), 2.0, null, "crop", null, null, null,
                256, 144, 2, 17), first, initMs, new RunReport.StageTimes(1, 1, 1, 1, frameMs * 2), List.of(1.0),
                List.of(frameMs, frameMs), 5, totalMs, null, null);
    }
}
