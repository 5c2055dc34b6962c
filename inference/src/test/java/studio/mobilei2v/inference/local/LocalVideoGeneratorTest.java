package studio.mobilei2v.inference.local;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import studio.mobilei2v.inference.Cancellation;
import studio.mobilei2v.inference.GenerationCancelledException;
import studio.mobilei2v.inference.GenerationListener;
import studio.mobilei2v.inference.GenerationRequest;
import studio.mobilei2v.inference.InvalidRequestException;
import studio.mobilei2v.inference.ModelImage;
import studio.mobilei2v.inference.RunReport;
import studio.mobilei2v.inference.Stages;
import studio.mobilei2v.inference.VideoFrame;
import studio.mobilei2v.inference.bundle.GraphRole;
import studio.mobilei2v.inference.bundle.ModelBundle;
import studio.mobilei2v.inference.testing.NanoBundle;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/** The whole local pipeline on the real bundle: determinism, streaming, report, cancellation, bad requests. */
class LocalVideoGeneratorTest {
    private static ModelBundle bundle;
    private static LocalVideoGenerator gen;

    @BeforeAll
    static void open() throws Exception {
        if (NanoBundle.present()) {
            bundle = ModelBundle.open(NanoBundle.dir());
            gen = LocalVideoGenerator.open(bundle, LocalOptions.defaults().withSpinning(false));
        }
    }

    @BeforeEach
    void needsBundle() {
        NanoBundle.require(); // each test reports the skip reason (or fails under MOBILEI2V_CI=1)
    }

    @AfterAll
    static void close() {
        if (gen != null) {
            gen.close();
        }
    }

    /** A colourful gradient at the model's size. */
    static ModelImage gradient(int w, int h) {
        byte[] rgb = new byte[w * h * 3];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int i = (y * w + x) * 3;
                rgb[i] = (byte) (x * 255 / (w - 1));
                rgb[i + 1] = (byte) (y * 255 / (h - 1));
                rgb[i + 2] = (byte) ((x + y) & 0xFF);
            }
        }
        return ModelImage.ofPixels(w, h, rgb);
    }

    private static ModelImage image() {
        return gradient(bundle.video().width(), bundle.video().height());
    }

    /** Records everything a listener sees. */
    static final class Recorder implements GenerationListener {
        final List<String> events = new ArrayList<>();
        final List<VideoFrame> frames = new ArrayList<>();

        @Override
        public void onStage(String stage, String detail) {
            events.add("stage:" + stage);
        }

        @Override
        public void onStep(int step, int steps, double ms) {
            events.add("step:" + step + "/" + steps);
            assertTrue(ms >= 0);
        }

        @Override
        public void onFrame(int index, VideoFrame frame, double ms) {
            events.add("frame:" + index);
            frames.add(frame);
        }
    }

    @Test
    void sameSeedGivesIdenticalFramesAndOtherSeedsDiffer() throws Exception {
        Recorder a = new Recorder();
        Recorder b = new Recorder();
        Recorder c = new Recorder();
        gen.generate(GenerationRequest.of(image(), 42), a, Cancellation.none());
        gen.generate(GenerationRequest.of(image(), 42), b, Cancellation.none());
        gen.generate(GenerationRequest.of(image(), 43), c, Cancellation.none());
        assertEquals(bundle.video().frames(), a.frames.size());
        boolean anyDifferent = false;
        for (int f = 0; f < a.frames.size(); f++) {
            assertArrayEquals(a.frames.get(f).rgb(), b.frames.get(f).rgb(), "frame " + f);
            anyDifferent |= !Arrays.equals(a.frames.get(f).rgb(), c.frames.get(f).rgb());
        }
        assertTrue(anyDifferent, "seed 43 produced the same video as seed 42");
    }

    /** Arena or lean memory changes where activations live, never the numbers. */
    @Test
    void arenaMemoryGivesTheSameFramesAndProfilingWritesEachGraphsProfile(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        Recorder arena = new Recorder();
        Recorder usual = new Recorder();
        LocalVideoGenerator profiled = LocalVideoGenerator.open(bundle, LocalOptions.defaults()
                .withMemory(LocalOptions.Memory.ARENA).withProfile(dir).withGraphCache(LocalOptions.GraphCache.NONE));
        try (profiled) {
            profiled.generate(GenerationRequest.of(image(), 42), arena, Cancellation.none());
            assertTrue(profiled.profiles().isEmpty(), "profiles are written when the generator closes");
        }
        gen.generate(GenerationRequest.of(image(), 42), usual, Cancellation.none());
        for (int f = 0; f < usual.frames.size(); f++) {
            assertArrayEquals(usual.frames.get(f).rgb(), arena.frames.get(f).rgb(), "frame " + f);
        }
        assertEquals(java.util.Set.of("encoder", "denoiser", "decoder"), profiled.profiles().keySet());
        OrtProfileSummary decoder = OrtProfileSummary.read(profiled.profiles().get("decoder"));
        // frame 0 of a flow-warp decoder is the picture itself: no decoder call
        int calls = bundle.decoder().warps() ? bundle.video().frames() - 1 : bundle.video().frames();
        assertEquals(calls, decoder.runs(), "one decoder call per frame");
        assertTrue(decoder.ops().stream().anyMatch(o -> o.op().equals("Conv")), decoder.ops().toString());
        assertTrue(decoder.kernelMs() > 0);
    }

    @Test
    void eventsArriveInPipelineOrderAndFramesStream() throws Exception {
        Recorder r = new Recorder();
        gen.generate(GenerationRequest.of(image(), 1).withSchedule("distilled-2"), r, Cancellation.none());
        List<String> e = r.events;
        int pre = e.indexOf("stage:" + Stages.PREPROCESS);
        int enc = e.indexOf("stage:" + Stages.ENCODER);
        int den = e.indexOf("stage:" + Stages.DENOISER);
        int dec = e.indexOf("stage:" + Stages.DECODER);
        assertTrue(pre >= 0 && pre < enc && enc < den && den < dec, e.toString());
        assertEquals("step:1/2", e.get(den + 1));
        assertEquals("step:2/2", e.get(den + 2));
        for (int f = 0; f < bundle.video().frames(); f++) {
            assertEquals("frame:" + f, e.get(dec + 1 + f));
        }
        assertEquals("stage:" + Stages.DONE, e.get(e.size() - 1));
        VideoFrame f0 = r.frames.get(0);
        assertEquals(bundle.video().width(), f0.width());
        assertEquals(bundle.video().height(), f0.height());
    }

    @Test
    void reportDescribesTheRun() throws Exception {
        try (LocalVideoGenerator fresh = LocalVideoGenerator.open(bundle, LocalOptions.defaults().withThreads(1))) {
            GenerationRequest req = new GenerationRequest(image(), 9, "distilled-2", 3.0, "zoom-in");
            RunReport first = fresh.generate(req, null, null);
            RunReport second = fresh.generate(req, null, null);
            assertTrue(first.firstRun());
            assertTrue(first.initMs() > 0);
            assertFalse(second.firstRun());
            assertEquals(0.0, second.initMs());

            assertEquals(RunReport.FORMAT, second.format());
            assertEquals(bundle.name(), second.model().name());
            assertEquals("desktop", second.model().variant());
            assertEquals("local", second.placement().target());
            assertEquals(1, second.placement().threads());
            assertEquals(studio.mobilei2v.inference.ExecutionProvider.CPU, second.placement().executionProvider());
            assertEquals(9, second.parameters().seed());
            assertEquals("distilled-2", second.parameters().schedule());
            assertEquals(2, second.parameters().steps());
            assertEquals(3.0, second.parameters().motionScore());
            assertEquals("zoom-in", second.parameters().camera());
            assertEquals(2, second.stepMs().size());
            assertEquals(bundle.video().frames(), second.frameMs().size());
            assertTrue(second.firstFrameMs() > 0 && second.firstFrameMs() <= second.totalMs());
            double stageSum = second.stages().preprocessMs() + second.stages().encoderMs() + second.stages().denoiserMs()
                    + second.stages().decoderMs() + second.stages().warpMs();
            assertEquals(bundle.decoder().warps(), second.stages().warpMs() > 0, "a warp stage exactly when the decoder warps");
            assertTrue(stageSum <= second.totalMs() + 1e-6, stageSum + " > " + second.totalMs());
            double flops = bundle.manifest().flopsPerCall(GraphRole.ENCODER) + 2 * bundle.manifest().flopsPerCall(GraphRole.DENOISER)
                    + (bundle.decoder().warps() ? 16 : 17) * bundle.manifest().flopsPerCall(GraphRole.DECODER);
            assertEquals(flops, second.compute().flopsTotal(), 1);
            assertTrue(second.compute().gflopsPerSecond() > 0);
            assertTrue(second.memory().jvmHeapPeakBytes() > 0);
            if (second.memory().rssPeakBytes() != null) {
                assertTrue(second.memory().rssPeakBytes() > 10_000_000L);
            }
            assertEquals(second, RunReport.fromJson(second.toJson()));
        }
    }

    @Test
    void cancellationMidRunStopsPromptlyAndLeavesSessionsUsable() throws Exception {
        Cancellation cancel = new Cancellation();
        CountDownLatch cancelled = new CountDownLatch(1);
        List<Integer> stepsSeen = new ArrayList<>();
        GenerationListener l = new GenerationListener() {
            @Override
            public void onStep(int step, int steps, double ms) {
                stepsSeen.add(step);
                if (step == 2) {
                    // cancel from another thread, as the UI would, while the next step runs
                    new Thread(() -> {
                        cancel.cancel();
                        cancelled.countDown();
                    }).start();
                    try {
                        assertTrue(cancelled.await(5, TimeUnit.SECONDS));
                    } catch (InterruptedException e) {
                        throw new AssertionError(e);
                    }
                }
            }

            @Override
            public void onFrame(int index, VideoFrame frame, double ms) {
                fail("no frame may be decoded after cancellation");
            }
        };
        GenerationCancelledException e = assertThrows(GenerationCancelledException.class,
                () -> gen.generate(GenerationRequest.of(image(), 5).withSchedule("teacher-20"), l, cancel));
        assertEquals(Stages.DENOISER, e.stage());
        assertEquals(List.of(1, 2), stepsSeen);
        assertFalse(gen.isRunning());

        // the same sessions still work, and give the same frames as before
        Recorder r1 = new Recorder();
        gen.generate(GenerationRequest.of(image(), 5), r1, Cancellation.none());
        assertEquals(bundle.video().frames(), r1.frames.size());
    }

    @Test
    void cancellationFromAnotherThreadDuringDecodingTerminatesTheRun() throws Exception {
        Cancellation cancel = new Cancellation();
        java.util.concurrent.atomic.AtomicInteger frames = new java.util.concurrent.atomic.AtomicInteger();
        Thread canceller = new Thread(() -> {
            while (frames.get() == 0) {
                Thread.onSpinWait();
            }
            cancel.cancel();
        });
        GenerationListener l = new GenerationListener() {
            @Override
            public void onFrame(int index, VideoFrame frame, double ms) {
                frames.incrementAndGet();
            }
        };
        canceller.start();
        assertThrows(GenerationCancelledException.class,
                () -> gen.generate(GenerationRequest.of(image(), 6), l, cancel));
        canceller.join(5000);
        assertTrue(frames.get() < bundle.video().frames(), "all frames were decoded despite cancel");
        assertFalse(gen.isRunning());
    }

    @Test
    void interruptingTheGeneratingThreadCancelsTheRun() throws Exception {
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newSingleThreadExecutor();
        try {
            CountDownLatch firstStep = new CountDownLatch(1);
            java.util.concurrent.atomic.AtomicInteger steps = new java.util.concurrent.atomic.AtomicInteger();
            GenerationListener l = new GenerationListener() {
                @Override
                public void onStep(int step, int n, double ms) {
                    steps.set(step);
                    firstStep.countDown();
                }
            };
            java.util.concurrent.Future<RunReport> run = pool.submit(() ->
                    gen.generate(GenerationRequest.of(image(), 8).withSchedule("teacher-20"), l, Cancellation.none()));
            assertTrue(firstStep.await(30, TimeUnit.SECONDS));
            run.cancel(true);
            pool.shutdown();
            assertTrue(pool.awaitTermination(30, TimeUnit.SECONDS), "the generating thread did not stop");
            assertTrue(steps.get() < 20, "all 20 steps ran despite the interrupt");
            assertFalse(gen.isRunning());
        } finally {
            pool.shutdownNow();
        }
        // sessions remain usable
        assertEquals(bundle.video().frames(), gen.generate(GenerationRequest.of(image(), 8), null, null).frameMs().size());
    }

    @Test
    void cancelledBeforeStartRunsNothing() {
        Cancellation cancel = new Cancellation();
        cancel.cancel();
        Recorder r = new Recorder();
        assertThrows(GenerationCancelledException.class, () -> gen.generate(GenerationRequest.of(image(), 1), r, cancel));
        assertTrue(r.frames.isEmpty());
    }

    @Test
    void invalidRequestsNameTheField() {
        ModelImage img = image();
        assertEquals("image", assertThrows(InvalidRequestException.class,
                () -> gen.generate(GenerationRequest.of(gradient(64, 64), 0), null, null)).field());
        assertEquals("schedule", assertThrows(InvalidRequestException.class,
                () -> gen.generate(GenerationRequest.of(img, 0).withSchedule("fastest"), null, null)).field());
        assertEquals("motionScore", assertThrows(InvalidRequestException.class,
                () -> gen.generate(GenerationRequest.of(img, 0).withMotionScore(99.0), null, null)).field());
        assertEquals("motionScore", assertThrows(InvalidRequestException.class,
                () -> gen.generate(GenerationRequest.of(img, 0).withMotionScore(Double.NaN), null, null)).field());
        InvalidRequestException cam = assertThrows(InvalidRequestException.class,
                () -> gen.generate(GenerationRequest.of(img, 0).withCamera("barrel-roll"), null, null));
        assertEquals("camera", cam.field());
        assertTrue(cam.getMessage().contains("pan-left"), cam.getMessage());
    }

    @Test
    void mobileVariantServesOnlyItsSchedules() throws Exception {
        try (LocalVideoGenerator mobile = LocalVideoGenerator.open(bundle, LocalOptions.defaults().withVariant("mobile"))) {
            InvalidRequestException e = assertThrows(InvalidRequestException.class,
                    () -> mobile.generate(GenerationRequest.of(image(), 0).withSchedule("teacher-20"), null, null));
            assertEquals("schedule", e.field());
            Recorder r = new Recorder();
            RunReport report = mobile.generate(GenerationRequest.of(image(), 3).withSchedule("distilled-2"), r, null);
            assertEquals("mobile", report.model().variant());
            assertEquals(bundle.video().frames(), r.frames.size());
        }
    }

    @Test
    void closedGeneratorRefusesWork() throws Exception {
        LocalVideoGenerator g = LocalVideoGenerator.open(bundle, LocalOptions.defaults());
        g.close();
        g.close();
        assertThrows(studio.mobilei2v.inference.GenerationException.class,
                () -> g.generate(GenerationRequest.of(image(), 0), null, null));
    }

    @Test
    void infoNamesModelAndPlace() {
        var info = gen.info();
        assertEquals("local", info.target());
        assertEquals(bundle.name(), info.model());
        assertEquals("desktop", info.variant());
        assertEquals(Runtime.getRuntime().availableProcessors(), info.threads());
    }
}
