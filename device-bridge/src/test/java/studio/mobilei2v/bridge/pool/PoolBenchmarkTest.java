package studio.mobilei2v.bridge.pool;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;
import studio.mobilei2v.bridge.BridgeFixtures;
import studio.mobilei2v.bridge.fixture.FakeAdbDaemon;
import studio.mobilei2v.bridge.fixture.FakeDeviceOptions;
import studio.mobilei2v.bridge.runner.DeviceRunOptions;
import studio.mobilei2v.bridge.runner.TestBundle;
import studio.mobilei2v.inference.GenerationRequest;
import studio.mobilei2v.inference.ModelImage;
import studio.mobilei2v.inference.bundle.ModelBundle;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The figures of docs/PERFORMANCE.md: the same jobs on a pool of one fixture device, then of
 * two, in this one process. Timing only (printed, never asserted). Run by hand:
 * {@code mvn -pl device-bridge -am verify -Dtest=PoolBenchmarkTest -Dmobilei2v.bench=true -Dsurefire.failIfNoSpecifiedTests=false}
 * (optionally {@code -Dmobilei2v.bench.jobs=N -Dmobilei2v.bench.threads=T}).
 */
@EnabledIfSystemProperty(named = "mobilei2v.bench", matches = "true")
class PoolBenchmarkTest {
    @TempDir
    Path tmp;

    @Test
    void oneDeviceAgainstTwo() throws Exception {
        ModelBundle bundle = TestBundle.nano();
        int jobs = Integer.getInteger("mobilei2v.bench.jobs", 8);
        int threads = Integer.getInteger("mobilei2v.bench.threads", 1);
        DeviceRunOptions options = DeviceRunOptions.defaults().withHostCache(TestBundle.hostCache()).withThreads(threads);
        try (BridgeFixtures fx = new BridgeFixtures(tmp)) {
            FakeAdbDaemon a = fx.attach("a", FakeDeviceOptions.linux());
            FakeAdbDaemon b = fx.attach("b", FakeDeviceOptions.linux());
            ModelImage picture = TestBundle.picture(bundle);
            String load = Files.readString(Path.of("/proc/loadavg")).trim();
            double one = run(List.of(PoolWorkers.device(fx.bridge(), a.serial(), bundle, options)), picture, jobs, "1 device");
            double two = run(List.of(PoolWorkers.device(fx.bridge(), a.serial(), bundle, options),
                    PoolWorkers.device(fx.bridge(), b.serial(), bundle, options)), picture, jobs, "2 devices");
            System.out.println(String.format(Locale.ROOT, "[measure] pool speed-up 2 devices / 1 device: %.2fx (%d jobs, %d thread(s) per device, %d cores here, load before: %s)",
                    one / two, jobs, threads, Runtime.getRuntime().availableProcessors(), load));
        }
    }

    /** Wall time of {@code jobs} jobs once every worker is ready (opening is printed apart). */
    private static double run(List<PoolWorker> workers, ModelImage picture, int jobs, String label) throws Exception {
        long t0 = System.nanoTime();
        try (DevicePool pool = DevicePool.start(workers, PoolListener.NONE)) {
            // warm-up: one job per worker, so each has made its first run and the timed jobs are warm
            List<CompletableFuture<PoolResult>> warm = new ArrayList<>();
            for (int i = 0; i < workers.size(); i++) {
                warm.add(pool.submit(new PoolJob("warm" + i, GenerationRequest.of(picture, 1000 + i), PoolJob.DISCARD)));
            }
            for (CompletableFuture<PoolResult> f : warm) {
                assertEquals(PoolResult.Status.DONE, f.get(600, TimeUnit.SECONDS).status());
            }
            double openMs = (System.nanoTime() - t0) / 1e6;
            long t1 = System.nanoTime();
            List<CompletableFuture<PoolResult>> results = new ArrayList<>();
            for (int i = 0; i < jobs; i++) {
                results.add(pool.submit(new PoolJob("job" + i, GenerationRequest.of(picture, i), PoolJob.DISCARD)));
            }
            Map<String, Integer> perWorker = new TreeMap<>();
            List<Double> hostMs = new ArrayList<>();
            List<Double> deviceMs = new ArrayList<>();
            for (CompletableFuture<PoolResult> f : results) {
                PoolResult r = f.get(600, TimeUnit.SECONDS);
                assertEquals(PoolResult.Status.DONE, r.status(), r.toString());
                perWorker.merge(r.worker().id(), 1, Integer::sum);
                hostMs.add(r.hostMs());
                deviceMs.add(r.report().totalMs());
            }
            double wall = (System.nanoTime() - t1) / 1e6;
            System.out.println(String.format(Locale.ROOT,
                    "[measure] %s: %d jobs in %.0f ms wall = %.1f jobs/min; per job host p50 %.0f ms, device p50 %.0f ms; jobs per worker %s; open + warm-up %.0f ms",
                    label, jobs, wall, jobs * 60000.0 / wall, p50(hostMs), p50(deviceMs), perWorker, openMs));
            return wall;
        }
    }

    private static double p50(List<Double> v) {
        List<Double> s = new ArrayList<>(v);
        s.sort(null);
        return s.get((int) Math.ceil(0.5 * s.size()) - 1);
    }
}
