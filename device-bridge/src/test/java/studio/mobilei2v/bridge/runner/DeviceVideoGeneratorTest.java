package studio.mobilei2v.bridge.runner;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import studio.mobilei2v.bridge.BridgeException;
import studio.mobilei2v.bridge.BridgeFixtures;
import studio.mobilei2v.bridge.BridgeFixturesExtension;
import studio.mobilei2v.bridge.ContentStore;
import studio.mobilei2v.bridge.DeviceVideoGenerator;
import studio.mobilei2v.bridge.DeviceWorkspace;
import studio.mobilei2v.bridge.fixture.FakeAdbDaemon;
import studio.mobilei2v.bridge.fixture.FakeDeviceOptions;
import studio.mobilei2v.inference.Cancellation;
import studio.mobilei2v.inference.GenerationCancelledException;
import studio.mobilei2v.inference.GenerationException;
import studio.mobilei2v.inference.GenerationListener;
import studio.mobilei2v.inference.GenerationRequest;
import studio.mobilei2v.inference.RunReport;
import studio.mobilei2v.inference.Stage;
import studio.mobilei2v.inference.VideoFrame;
import studio.mobilei2v.inference.bundle.ModelBundle;
import studio.mobilei2v.inference.local.LocalOptions;
import studio.mobilei2v.inference.local.LocalVideoGenerator;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Full runs on fixture devices through the real adb server: the runner JAR runs under this
 * machine's java as a Linux device would run it. Compared with a local run of the same variant.
 */
@ExtendWith(BridgeFixturesExtension.class)
class DeviceVideoGeneratorTest {
    private static final int THREADS = 2;
    /** One "board" storage for the single-device tests: runner and bundle are pushed once per class. */
    @TempDir
    static Path sharedBoard;
    private final BridgeFixtures fx;
    private final ModelBundle bundle;

    DeviceVideoGeneratorTest(BridgeFixtures fx) throws Exception {
        this.fx = fx;
        this.bundle = TestBundle.nano();
    }

    private DeviceRunOptions options() {
        // Measurements for the report go to stdout (surefire keeps them in the test output).
        return DeviceRunOptions.defaults().withHostCache(TestBundle.hostCache()).withThreads(THREADS);
    }

    private record Run(RunReport report, List<VideoFrame> frames, List<Stage> stages) {
    }

    private static Run run(studio.mobilei2v.inference.VideoGenerator g, GenerationRequest r) throws Exception {
        List<VideoFrame> frames = new ArrayList<>();
        List<Stage> stages = new ArrayList<>();
        RunReport report = g.generate(r, new GenerationListener() {
            @Override
            public void onStage(Stage stage, String detail) {
                stages.add(stage);
            }

            @Override
            public void onFrame(int index, VideoFrame frame, double ms) {
                assertEquals(frames.size(), index, "frames arrive in order");
                frames.add(frame);
            }
        }, Cancellation.none());
        return new Run(report, frames, stages);
    }

    /** The pid of the one live runner on the device (pid files of runners killed earlier may remain). */
    private static long runnerPid(FakeAdbDaemon d) throws Exception {
        try (Stream<Path> s = Files.walk(d.root())) {
            List<Long> alive = s.filter(p -> p.getFileName().toString().matches("runner-.*\\.pid"))
                    .map(p -> {
                        try {
                            return Long.parseLong(Files.readString(p).trim());
                        } catch (Exception e) {
                            return -1L;
                        }
                    })
                    .filter(pid -> ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false))
                    .toList();
            assertEquals(1, alive.size(), "live runners on the device: " + alive);
            return alive.get(0);
        }
    }

    private static void assertGone(long pid) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false) && System.nanoTime() < end) {
            Thread.sleep(50);
        }
        assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "runner process " + pid + " is still running");
    }

    @Test
    void fullGenerateOnTheDeviceMatchesALocalRunAndLeavesNothingRunning() throws Exception {
        FakeAdbDaemon d = fx.attachAt(sharedBoard, FakeDeviceOptions.linux());
        GenerationRequest request = GenerationRequest.of(TestBundle.picture(bundle), 1234L);
        Run local;
        try (LocalVideoGenerator g = LocalVideoGenerator.open(bundle, LocalOptions.defaults().withVariant("mobile").withThreads(THREADS))) {
            local = run(g, request);
        }
        long pid;
        try (DeviceVideoGenerator g = DeviceVideoGenerator.open(fx.bridge(), d.serial(), bundle, options())) {
            assertEquals("mobile", g.info().variant());
            assertEquals(d.serial(), g.info().target());
            TransferReport setup = g.transfer();
            assertTrue(setup.filesSent() + setup.filesCached() >= 5, setup.toString());
            Run first = run(g, request);
            assertEquals(bundle.video().frames(), first.frames().size());
            assertTrue(TestBundle.maxDiff(local.frames(), first.frames()) <= 1, "device and local frames differ by more than 1 LSB: "
                    + TestBundle.maxDiff(local.frames(), first.frames()));
            assertEquals(d.serial(), first.report().placement().target());
            assertEquals("mobile", first.report().model().variant());
            assertEquals(1234L, first.report().parameters().seed());
            assertTrue(first.report().firstRun());
            assertTrue(first.report().initMs() > 0, "the first device run reports the runner's session creation on the device");
            assertTrue(first.report().totalMs() > 0);
            assertTrue(g.transfer().runHostMs() >= g.transfer().runDeviceMs(), g.transfer().toString());
            assertTrue(g.transfer().runBytesDown() >= 17L * 256 * 144 * 3, g.transfer().toString());
            System.out.println("[measure] setup " + setup + " | device run " + first.report().totalMs() + " ms, local run "
                    + local.report().totalMs() + " ms | job transfer " + g.transfer());
            Run second = run(g, request);
            assertFalse(second.report().firstRun(), "the model stays loaded between jobs");
            assertEquals(0.0, second.report().initMs(), "no sessions were created for the second run");
            assertEquals(0, TestBundle.maxDiff(first.frames(), second.frames()), "same seed, same device, same frames");
            Run other = run(g, request.withSeed(99));
            assertTrue(TestBundle.maxDiff(first.frames(), other.frames()) > 1, "another seed gives another video");
            pid = runnerPid(d);
            assertTrue(ProcessHandle.of(pid).isPresent());
        }
        assertGone(pid);
        try (DeviceVideoGenerator again = DeviceVideoGenerator.open(fx.bridge(), d.serial(), bundle, options())) {
            assertEquals(0, again.transfer().filesSent(), "everything is cached by content: " + again.transfer());
            assertEquals(0, again.transfer().bytesSent());
        }
    }

    @Test
    void cancelStopsTheRunPromptlyAndTheRunnerServesTheNextJob() throws Exception {
        FakeAdbDaemon d = fx.attachAt(sharedBoard, FakeDeviceOptions.linux());
        // The desktop variant has the 40-step teacher: a run long enough for a cancel to land mid-way.
        try (DeviceVideoGenerator g = DeviceVideoGenerator.open(fx.bridge(), d.serial(), bundle, options().withVariant("desktop"))) {
            assertEquals("desktop", g.info().variant());
            Cancellation cancel = new Cancellation();
            List<Integer> steps = new ArrayList<>();
            GenerationCancelledException e = assertThrows(GenerationCancelledException.class, () ->
                    g.generate(GenerationRequest.of(TestBundle.picture(bundle), 5L).withSchedule("teacher-40"), new GenerationListener() {
                        @Override
                        public void onStep(int step, int of, double ms) {
                            steps.add(step);
                            if (step == 2) {
                                CompletableFuture.runAsync(cancel::cancel);
                            }
                        }
                    }, cancel));
            assertTrue(steps.size() < 40, "cancel must not wait for the whole run: " + steps.size() + " steps ran");
            assertNotNull(e.stage());
            Run after = run(g, GenerationRequest.of(TestBundle.picture(bundle), 5L));
            assertEquals(bundle.video().frames(), after.frames().size());
        }
    }

    @Test
    void aRunnerThatCrashesIsReportedAsSuch() throws Exception {
        FakeAdbDaemon d = fx.attachAt(sharedBoard, FakeDeviceOptions.linux());
        try (DeviceVideoGenerator g = DeviceVideoGenerator.open(fx.bridge(), d.serial(), bundle, options())) {
            long pid = runnerPid(d);
            GenerationException e = assertThrows(GenerationException.class, () ->
                    g.generate(GenerationRequest.of(TestBundle.picture(bundle), 5L).withSchedule("distilled-2"), new GenerationListener() {
                        @Override
                        public void onStep(int step, int of, double ms) {
                            if (step == 1) {
                                ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly); // SIGKILL, like the OOM killer
                            }
                        }
                    }, Cancellation.none()));
            assertFalse(e instanceof GenerationCancelledException);
            assertTrue(e.getMessage().contains("stopped unexpectedly"), e.getMessage());
            assertTrue(e.getMessage().contains(d.serial()), e.getMessage());
            GenerationException again = assertThrows(GenerationException.class, () ->
                    g.generate(GenerationRequest.of(TestBundle.picture(bundle), 5L), GenerationListener.NONE, Cancellation.none()));
            assertTrue(again.getMessage().contains("no longer available"), again.getMessage());
            assertGone(pid);
        }
    }

    @Test
    void aDeviceThatGoesAwayMidRunIsReportedAsSuch() throws Exception {
        FakeAdbDaemon d = fx.attachAt(sharedBoard, FakeDeviceOptions.linux());
        long pid;
        try (DeviceVideoGenerator g = DeviceVideoGenerator.open(fx.bridge(), d.serial(), bundle, options())) {
            pid = runnerPid(d);
            GenerationException e = assertThrows(GenerationException.class, () ->
                    g.generate(GenerationRequest.of(TestBundle.picture(bundle), 5L).withSchedule("distilled-2"), new GenerationListener() {
                        @Override
                        public void onStep(int step, int of, double ms) {
                            if (step == 1) {
                                d.pullCable();
                            }
                        }
                    }, Cancellation.none()));
            assertTrue(e.getMessage().contains("went away mid-run"), e.getMessage());
        }
        assertGone(pid); // the hang-up of the pulled cable ends the runner, as on a phone
    }

    @Test
    void twoDevicesRunAtTheSameTime() throws Exception {
        FakeAdbDaemon a = fx.attach("a", FakeDeviceOptions.linux());
        FakeAdbDaemon b = fx.attach("b", FakeDeviceOptions.linux());
        GenerationRequest request = GenerationRequest.of(TestBundle.picture(bundle), 77L);
        try (DeviceVideoGenerator ga = DeviceVideoGenerator.open(fx.bridge(), a.serial(), bundle, options().withThreads(1));
             DeviceVideoGenerator gb = DeviceVideoGenerator.open(fx.bridge(), b.serial(), bundle, options().withThreads(1))) {
            CompletableFuture<Run> ra = CompletableFuture.supplyAsync(() -> unchecked(ga, request));
            CompletableFuture<Run> rb = CompletableFuture.supplyAsync(() -> unchecked(gb, request));
            Run x = ra.get(300, TimeUnit.SECONDS);
            Run y = rb.get(300, TimeUnit.SECONDS);
            assertEquals(a.serial(), x.report().placement().target());
            assertEquals(b.serial(), y.report().placement().target());
            assertEquals(0, TestBundle.maxDiff(x.frames(), y.frames()));
        }
    }

    @Test
    void cleanStopsARunningRunnerAndRemovesEverythingTheStudioPutThere() throws Exception {
        FakeAdbDaemon d = fx.attachAt(sharedBoard, FakeDeviceOptions.linux());
        DeviceVideoGenerator g = DeviceVideoGenerator.open(fx.bridge(), d.serial(), bundle, options());
        try {
            long pid = runnerPid(d);
            String work = g.workFolder();
            assertTrue(Files.isDirectory(Path.of(work)));
            DeviceWorkspace.Cleaned cleaned = DeviceWorkspace.clean(fx.bridge(), d.serial());
            assertEquals(work, cleaned.folder());
            assertEquals(List.of(Long.toString(pid)), cleaned.stoppedRunners());
            assertGone(pid);
            assertFalse(Files.exists(Path.of(work)), "the work folder is gone");
            try (Stream<Path> s = Files.walk(d.root())) {
                assertEquals(List.of(), s.filter(p -> p.toString().contains(ContentStore.FOLDER_NAME)).toList());
            }
            try (Stream<Path> s = Files.walk(d.home())) {
                assertEquals(List.of(), s.filter(Files::isRegularFile).toList(), "nothing of ours (or ONNX Runtime's) is left in HOME");
            }
        } finally {
            g.close();
        }
    }

    @Test
    void anAndroidDeviceSaysExactlyWhatIsMissing() throws Exception {
        FakeAdbDaemon phone = fx.attach("phone", FakeDeviceOptions.android());
        BridgeException e = assertThrows(BridgeException.class, () -> DeviceVideoGenerator.open(fx.bridge(), phone.serial(), bundle, options()));
        if (AndroidRunnerSupport.hasDex()) {
            assertTrue(e.getMessage().contains("onnxruntime-android") && e.getMessage().contains("-P onnxruntime-android"), e.getMessage());
        } else {
            assertTrue(e.getMessage().contains("no runner DEX"), e.getMessage());
        }
        assertTrue(e.getMessage().contains(phone.serial()));
    }

    private static Run unchecked(DeviceVideoGenerator g, GenerationRequest r) {
        try {
            return run(g, r);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
