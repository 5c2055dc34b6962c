package studio.mobilei2v.inference.local;

import ai.onnxruntime.OrtSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import studio.mobilei2v.inference.Cancellation;
import studio.mobilei2v.inference.GenerationRequest;
import studio.mobilei2v.inference.ModelImage;
import studio.mobilei2v.inference.RunReport;
import studio.mobilei2v.inference.VideoFrame;
import studio.mobilei2v.inference.bundle.DecoderSpec;
import studio.mobilei2v.inference.bundle.Fixtures;
import studio.mobilei2v.inference.bundle.GraphRole;
import studio.mobilei2v.inference.bundle.TensorNames;
import studio.mobilei2v.inference.bundle.Guidance;
import studio.mobilei2v.inference.bundle.LatentSpec;
import studio.mobilei2v.inference.bundle.ModelBundle;
import studio.mobilei2v.inference.bundle.SigmaSchedule;
import studio.mobilei2v.inference.testing.PythonTorch;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

/**
 * A bundle in the converted published layout (model/make_random_official.py --small: random
 * weights, the published key layout at narrow widths, 3x2x3 latents, 96x56 video, a vae-chunk
 * decoder, a teacher schedule with same-call guidance) read, replayed against its PyTorch
 * fixtures and generated end to end, once with the exact window (3 of 3 latent frames, one
 * decoder call) and once with window 2 (two calls, the streaming path).
 */
class VaeChunkBundleTest {
    private static final int WIDTH = 96, HEIGHT = 56, FRAMES = 17;
    private static Path tmp;
    private static final List<ModelBundle> bundles = new ArrayList<>();     // window 3, window 2
    private static final List<LocalVideoGenerator> generators = new ArrayList<>();

    @BeforeAll
    static void makeBundles() throws Exception {
        if (!PythonTorch.available()) {
            return;
        }
        tmp = Files.createTempDirectory("vae-chunk-bundle");
        for (String window : new String[]{null, "2"}) {
            Path dir = tmp.resolve(window == null ? "exact" : "window" + window);
            List<String> args = new ArrayList<>(List.of("--out", dir + "-weights", "--small", "--bundle", dir.toString()));
            if (window != null) {
                args.addAll(List.of("--window", window));
            }
            PythonTorch.runModelScript(600, "make_random_official.py", args.toArray(String[]::new));
            ModelBundle b = ModelBundle.open(dir);
            bundles.add(b);
            generators.add(LocalVideoGenerator.open(b, LocalOptions.defaults().withSpinning(false)));
        }
    }

    @BeforeEach
    void needsPython() {
        PythonTorch.require();
    }

    @AfterAll
    static void cleanUp() throws Exception {
        generators.forEach(LocalVideoGenerator::close);
        if (tmp != null) {
            try (Stream<Path> s = Files.walk(tmp)) {
                for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }

    @Test
    void theManifestReadsAsAVaeChunkBundleWithSameCallGuidance() {
        for (int i = 0; i < 2; i++) {
            ModelBundle b = bundles.get(i);
            DecoderSpec d = b.decoder();
            assertEquals(DecoderSpec.Kind.VAE_CHUNK, d.kind());
            assertTrue(d.chunks());
            assertFalse(d.warps());
            assertEquals(i == 0 ? 3 : 2, d.window());
            assertEquals(b.video().size(), d.working());
            assertEquals(WIDTH, b.video().width());
            assertEquals(HEIGHT, b.video().height());
            assertEquals(FRAMES, b.video().frames());
            SigmaSchedule s = b.sampler().resolve(null).orElseThrow();
            assertEquals(new Guidance(4.5, Guidance.SAME_CALL), s.guidance());
        }
    }

    @TestFactory
    List<DynamicTest> eachGraphMatchesPyTorch() throws Exception {
        List<DynamicTest> tests = new ArrayList<>();
        for (int i = 0; i < bundles.size(); i++) {
            LocalVideoGenerator gen = generators.get(i);
            Fixtures fx = Fixtures.read(bundles.get(i));
            assertEquals(3, fx.graphs().size(), "one fixture per graph (encoder, denoiser, decoder)");
            for (Fixtures.GraphCase c : fx.graphs()) {
                tests.add(DynamicTest.dynamicTest("window " + bundles.get(i).decoder().window() + " " + c.graph(),
                        () -> FixtureParityTest.assertGraphMatches(gen, c)));
            }
        }
        return tests;
    }

    private static RunReport generate(LocalVideoGenerator gen, long seed, List<VideoFrame> into) throws Exception {
        return generate(gen, seed, into, WIDTH, HEIGHT);
    }

    /** One run of the gradient picture at width x height; its frames added to {@code into}. */
    static RunReport generate(LocalVideoGenerator gen, long seed, List<VideoFrame> into, int width, int height) throws Exception {
        ModelImage picture = LocalVideoGeneratorTest.gradient(width, height);
        LocalVideoGeneratorTest.Recorder rec = new LocalVideoGeneratorTest.Recorder();
        RunReport report = gen.generate(new GenerationRequest(picture, seed, null, null, null), rec, Cancellation.none());
        into.addAll(rec.frames);
        return report;
    }

    @Test
    void aRunMakesSeventeenFramesAtTheVideoSizeTheSameForTheSameSeed() throws Exception {
        for (int i = 0; i < 2; i++) {
            LocalVideoGenerator gen = generators.get(i);
            List<VideoFrame> a = new ArrayList<>();
            List<VideoFrame> b = new ArrayList<>();
            List<VideoFrame> other = new ArrayList<>();
            RunReport report = generate(gen, 11, a);
            generate(gen, 11, b);
            generate(gen, 12, other);
            assertEquals(FRAMES, a.size());
            for (int f = 0; f < FRAMES; f++) {
                assertEquals(WIDTH, a.get(f).width());
                assertEquals(HEIGHT, a.get(f).height());
                assertArrayEquals(a.get(f).rgb(), b.get(f).rgb(), "seed 11 twice, frame " + f);
            }
            assertFalse(java.util.Arrays.equals(a.get(FRAMES - 1).rgb(), other.get(FRAMES - 1).rgb()),
                    "another seed, another last frame");
            assertEquals(1, report.compute().encoderCalls());
            assertEquals(4, report.compute().denoiserCalls(), "same-call guidance: one denoiser call per step");
            assertEquals(i == 0 ? 1 : 2, report.compute().decoderCalls(), "one decoder call per distinct window");
            assertEquals(FRAMES, report.frameMs().size());
            assertTrue(report.stages().decoderMs() > 0);
        }
    }

    /** x[:, :, start : start + window] written out here, independently of the pipeline's LatentLayout. */
    private static float[] window(float[] x, LatentSpec l, int start, int window) {
        int hw = l.height() * l.width();
        float[] out = new float[l.channels() * window * hw];
        for (int ch = 0; ch < l.channels(); ch++) {
            for (int k = 0; k < window; k++) {
                System.arraycopy(x, (ch * l.frames() + start + k) * hw, out, (ch * window + k) * hw, hw);
            }
        }
        return out;
    }

    /** Frame j of decoded frames [1, 3, n, H, W] to 8 bits, round(clamp((y + 1) * 127.5, 0, 255)) in float32 like PyTorch. */
    private static byte[] eightBit(float[] frames, int n, int j) {
        byte[] rgb = new byte[WIDTH * HEIGHT * 3];
        for (int ch = 0; ch < 3; ch++) {
            for (int p = 0; p < WIDTH * HEIGHT; p++) {
                float q = (frames[(ch * n + j) * WIDTH * HEIGHT + p] + 1f) * 127.5f;
                rgb[p * 3 + ch] = (byte) Math.rint(Math.max(0f, Math.min(255f, q)));
            }
        }
        return rgb;
    }

    /** {final latents x [C,F,h,w], z0} of the run generate(gen, seed, …) makes, stage by stage. */
    static float[][] sample(LocalVideoGenerator gen, long seed, int width, int height) throws Exception {
        ModelImage picture = LocalVideoGeneratorTest.gradient(width, height);
        RequestPlan plan = gen.plan(null, null, null);
        try (OrtSession.RunOptions ro = new OrtSession.RunOptions()) {
            float[] z0 = gen.encode(gen.preprocess(picture), ro);
            float[] x = gen.initialLatents(seed, z0);
            gen.denoise(x, z0, plan, ro, Cancellation.none(), (k, n, ms) -> { });
            return new float[][]{x, z0};
        }
    }

    @Test
    void frameZeroIsTheDecodedZ0AndEachFrameComesFromItsWindow() throws Exception {
        for (int i = 0; i < 2; i++) {
            ModelBundle b = bundles.get(i);
            LocalVideoGenerator gen = generators.get(i);
            LatentSpec l = b.latent();
            int w = b.decoder().window();
            List<VideoFrame> frames = new ArrayList<>();
            generate(gen, 21, frames);

            float[][] sampled = sample(gen, 21, WIDTH, HEIGHT);
            float[] x = sampled[0];
            float[] z0 = sampled[1];
            float[] first = window(x, l, 0, 1);
            assertArrayEquals(z0, first, "latent frame 0 after sampling is z0 exactly");

            // docs/BUNDLE.md: W = 3 of 3: one window [z0, z1, z2] -> frames 0-16;
            // W = 2: [z0, z1] -> frames 0-8, then [z1, z2] -> its frames 1-8 are frames 9-16
            GraphSession dec = gen.session(GraphRole.DECODER);
            int n = 1 + l.temporalRatio() * (w - 1);
            for (int start : w == 3 ? new int[]{0} : new int[]{0, 1}) {
                dec.input(TensorNames.DECODER_LATENTS).put(window(x, l, start, w));
                try (OrtSession.RunOptions ro = new OrtSession.RunOptions()) {
                    dec.run(ro);
                }
                float[] out = new float[dec.output().count()];
                dec.output().get(0, out, 0, out.length);
                int from = start == 0 ? 0 : 9;
                int to = w == 3 || start == 1 ? FRAMES - 1 : 8;
                for (int f = from; f <= to; f++) {
                    assertArrayEquals(eightBit(out, n, f - 8 * start), frames.get(f).rgb(),
                            "window " + w + ": frame " + f + " from the window at latent frame " + start);
                }
            }
        }
    }
}
