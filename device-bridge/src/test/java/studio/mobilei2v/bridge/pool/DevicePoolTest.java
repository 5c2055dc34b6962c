package studio.mobilei2v.bridge.pool;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import studio.mobilei2v.bridge.AdbServerAddress;
import studio.mobilei2v.bridge.BridgeFixtures;
import studio.mobilei2v.bridge.BridgeFixturesExtension;
import studio.mobilei2v.bridge.DeviceBridge;
import studio.mobilei2v.bridge.fixture.FakeAdbDaemon;
import studio.mobilei2v.bridge.fixture.FakeDeviceOptions;
import studio.mobilei2v.bridge.runner.DeviceRunOptions;
import studio.mobilei2v.bridge.runner.TestBundle;
import studio.mobilei2v.inference.Cancellation;
import studio.mobilei2v.inference.GenerationListener;
import studio.mobilei2v.inference.GenerationRequest;
import studio.mobilei2v.inference.ModelImage;
import studio.mobilei2v.inference.VideoFrame;
import studio.mobilei2v.inference.bundle.ModelBundle;
import studio.mobilei2v.inference.local.LocalOptions;
import studio.mobilei2v.inference.local.LocalVideoGenerator;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The pool over fixture devices behind the real adb server, reached the way a user names a
 * server: {@code ADB_SERVER_SOCKET=tcp:127.0.0.1:PORT} (the tests' private server on a free port).
 */
@ExtendWith(BridgeFixturesExtension.class)
class DevicePoolTest {
    private static final int THREADS = 1;
    /** Storage of the two boards, kept across tests so the runner and bundle are pushed once each. */
    @TempDir
    static Path boardA;
    @TempDir
    static Path boardB;
    private final BridgeFixtures fx;
    private final ModelBundle bundle;
    private DeviceBridge viaSocket;

    DevicePoolTest(BridgeFixtures fx) throws Exception {
        this.fx = fx;
        this.bundle = TestBundle.nano();
    }

    @BeforeEach
    void open() throws Exception {
        AdbServerAddress address = AdbServerAddress.resolve(null, null,
                Map.of(AdbServerAddress.ENV_SOCKET, "tcp:127.0.0.1:" + fx.adb().port, AdbServerAddress.ENV_PORT, "1"));
        assertFalse(address.remote());
        assertEquals(fx.adb().port, address.port());
        viaSocket = DeviceBridge.open(address);
    }

    @AfterEach
    void close() throws Exception {
        if (viaSocket != null) {
            viaSocket.close();
        }
    }

    private DeviceRunOptions options() {
        return DeviceRunOptions.defaults().withHostCache(TestBundle.hostCache()).withThreads(THREADS);
    }

    private List<PoolWorker> devices(FakeAdbDaemon... daemons) {
        List<PoolWorker> w = new ArrayList<>();
        for (FakeAdbDaemon d : daemons) {
            w.add(PoolWorkers.device(viaSocket, d.serial(), bundle, options()));
        }
        return w;
    }

    private List<VideoFrame> local(GenerationRequest r) throws Exception {
        List<VideoFrame> frames = new ArrayList<>();
        try (LocalVideoGenerator g = LocalVideoGenerator.open(bundle, LocalOptions.defaults().withVariant("mobile").withThreads(THREADS))) {
            g.generate(r, new GenerationListener() {
                @Override
                public void onFrame(int index, VideoFrame frame, double ms) {
                    frames.add(frame);
                }
            }, Cancellation.none());
        }
        return frames;
    }

    @Test
    void twoDevicesTakeJobsAtTheSameTimeAndEachOutputEqualsALocalRun() throws Exception {
        FakeAdbDaemon a = fx.attachAt(boardA, FakeDeviceOptions.linux());
        FakeAdbDaemon b = fx.attachAt(boardB, FakeDeviceOptions.linux());
        assertEquals(Set.of(a.serial(), b.serial()), Set.copyOf(viaSocket.devices().stream().map(d -> d.serial()).toList()),
                "adb-connected endpoints appear as devices of the named server");
        ModelImage picture = TestBundle.picture(bundle);
        // The first two jobs each wait (bounded) until both have begun: only two workers serving
        // at once can get past this, so a pool that ran jobs one by one fails here.
        CountDownLatch bothBegun = new CountDownLatch(2);
        List<PoolRuns> outputs = new ArrayList<>();
        List<CompletableFuture<PoolResult>> results = new ArrayList<>();
        try (DevicePool pool = DevicePool.start(devices(a, b), PoolListener.NONE)) {
            for (int i = 0; i < 4; i++) {
                boolean gate = i < 2;
                PoolRuns out = new PoolRuns("job" + i, (worker, attempt, step) -> {
                });
                PoolJob.Output gated = (worker, attempt) -> {
                    if (gate) {
                        bothBegun.countDown();
                        assertTrue(bothBegun.await(120, TimeUnit.SECONDS), "the second worker never took a job");
                    }
                    return out.begin(worker, attempt);
                };
                outputs.add(out);
                results.add(pool.submit(new PoolJob("job" + i, GenerationRequest.of(picture, 100 + i), gated)));
            }
            Set<String> workersUsed = ConcurrentHashMap.newKeySet();
            for (int i = 0; i < 4; i++) {
                PoolResult r = results.get(i).get(600, TimeUnit.SECONDS);
                assertEquals(PoolResult.Status.DONE, r.status(), r.toString());
                assertEquals(1, r.attempts());
                workersUsed.add(r.worker().id());
                assertEquals(r.worker().id(), r.report().placement().target(), "the report says where it ran");
                assertEquals(100 + i, r.report().parameters().seed());
                assertNotNull(r.worker().abi(), "per-device facts travel with the result: " + r.worker());
                assertNotNull(r.worker().bigCores(), r.worker().toString());
                assertNotNull(r.worker().soc(), r.worker().toString());
            }
            assertEquals(Set.of(a.serial(), b.serial()), workersUsed);
        }
        for (int i : new int[]{0, 3}) {
            List<VideoFrame> device = outputs.get(i).committed.get("job" + i);
            int diff = TestBundle.maxDiff(local(GenerationRequest.of(picture, 100 + i)), device);
            assertTrue(diff <= 1, "job" + i + " differs from a local run of the same seed by " + diff);
        }
    }

    @Test
    void aDeviceUnpluggedMidJobGivesTheJobBackAndItIsDoneOnceElsewhere() throws Exception {
        FakeAdbDaemon a = fx.attachAt(boardA, FakeDeviceOptions.linux());
        FakeAdbDaemon b = fx.attachAt(boardB, FakeDeviceOptions.linux());
        Map<String, FakeAdbDaemon> bySerial = Map.of(a.serial(), a, b.serial(), b);
        Set<String> pulled = ConcurrentHashMap.newKeySet();
        GenerationRequest request = GenerationRequest.of(TestBundle.picture(bundle), 5L).withSchedule("distilled-2");
        PoolRuns out = new PoolRuns("unplugged", (worker, attempt, step) -> {
            if (attempt == 1 && step == 1 && pulled.isEmpty()) {
                pulled.add(worker.id());
                bySerial.get(worker.id()).pullCable();
            }
        });
        List<String> events = new ArrayList<>();
        PoolListener listener = new PoolListener() {
            @Override
            public synchronized void onWorker(String id, WorkerFacts facts, String state) {
                events.add(id + " " + state);
            }
        };
        PoolResult r;
        PoolResult after;
        try (DevicePool pool = DevicePool.start(devices(a, b), listener)) {
            r = pool.submit(new PoolJob("unplugged", request, out)).get(600, TimeUnit.SECONDS);
            after = pool.submit(new PoolJob("after", GenerationRequest.of(TestBundle.picture(bundle), 6L), PoolJob.DISCARD))
                    .get(600, TimeUnit.SECONDS);
        }
        assertEquals(1, pulled.size());
        String lost = pulled.iterator().next();
        String other = lost.equals(a.serial()) ? b.serial() : a.serial();
        assertEquals(PoolResult.Status.DONE, r.status(), r.toString());
        assertEquals(2, r.attempts());
        assertEquals(List.of(lost, other), r.tried());
        assertEquals(other, r.worker().id());
        assertEquals(2, out.begun.get());
        assertEquals(1, out.discarded.get(), "the lost attempt's output is discarded");
        assertEquals(1, out.committed.size(), "one output for the job");
        assertEquals(bundle.video().frames(), out.committed.get("unplugged").size());
        assertEquals(other, after.worker().id(), "the lost device takes no more jobs");
        assertTrue(events.stream().anyMatch(e -> e.startsWith(lost + " lost: ") && e.contains("went away")), events.toString());
        a.plugIn();
        b.plugIn();
    }

    @Test
    void aJobThatFailsFailsAloneAndNamesTheDevice() throws Exception {
        FakeAdbDaemon a = fx.attachAt(boardA, FakeDeviceOptions.linux());
        ModelImage wrongSize = ModelImage.ofPixels(16, 8, new byte[16 * 8 * 3]);
        try (DevicePool pool = DevicePool.start(devices(a), PoolListener.NONE)) {
            CompletableFuture<PoolResult> bad = pool.submit(new PoolJob("bad", GenerationRequest.of(wrongSize, 1L), PoolJob.DISCARD));
            CompletableFuture<PoolResult> good = pool.submit(new PoolJob("good", GenerationRequest.of(TestBundle.picture(bundle), 1L), PoolJob.DISCARD));
            PoolResult x = bad.get(600, TimeUnit.SECONDS);
            assertEquals(PoolResult.Status.FAILED, x.status());
            assertEquals(1, x.attempts(), "a bad job is not retried: the device is fine");
            assertTrue(x.error().contains(a.serial()), x.error());
            assertEquals(PoolResult.Status.DONE, good.get(600, TimeUnit.SECONDS).status());
        }
    }

    @Test
    void cancelReachesEveryWorkerAndEveryQueuedJob() throws Exception {
        FakeAdbDaemon a = fx.attachAt(boardA, FakeDeviceOptions.linux());
        FakeAdbDaemon b = fx.attachAt(boardB, FakeDeviceOptions.linux());
        CountDownLatch bothStepping = new CountDownLatch(2);
        Set<String> stepping = ConcurrentHashMap.newKeySet();
        List<CompletableFuture<PoolResult>> results = new ArrayList<>();
        DeviceRunOptions desktop = options().withVariant("desktop"); // the 40-step teacher: long runs
        try (DevicePool pool = DevicePool.start(List.of(PoolWorkers.device(viaSocket, a.serial(), bundle, desktop),
                PoolWorkers.device(viaSocket, b.serial(), bundle, desktop)), PoolListener.NONE)) {
            for (int i = 0; i < 4; i++) {
                PoolRuns out = new PoolRuns("long" + i, (worker, attempt, step) -> {
                    if (stepping.add(worker.id())) {
                        bothStepping.countDown();
                    }
                    // Hold each worker at its first step until the other is stepping too: under a
                    // loaded CI one board's runner can take longer to start than the other needs
                    // for all four jobs, and then "both running" would never be seen.
                    awaitQuietly(bothStepping);
                });
                results.add(pool.submit(new PoolJob("long" + i, GenerationRequest.of(TestBundle.picture(bundle), i)
                        .withSchedule("teacher-40"), out)));
            }
            assertTrue(bothStepping.await(300, TimeUnit.SECONDS), "both devices should be running a job");
            pool.cancel();
            for (CompletableFuture<PoolResult> f : results) {
                PoolResult r = f.get(120, TimeUnit.SECONDS);
                assertEquals(PoolResult.Status.CANCELLED, r.status(), r.toString());
            }
            assertEquals(PoolResult.Status.CANCELLED, pool.submit(new PoolJob("late",
                    GenerationRequest.of(TestBundle.picture(bundle), 9L), PoolJob.DISCARD)).get().status());
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(300, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
