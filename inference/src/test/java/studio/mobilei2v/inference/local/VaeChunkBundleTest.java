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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

/**
 * A bundle in the converted published layout (model/make_random_official.py --small: random
 * weights, the published key layout at narrow widths, 3x2x3 latents, 96x56 video, a vae-chunk
 * decoder, a teacher schedule with same-call guidance) read, replayed against its PyTorch
 * fixtures (every graph, and one whole run from the encoder input to 8-bit frames) and generated end to end, once with the exact window (3 of 3 latent frames, one
 * decoder call) and once with window 2 (two calls, the streaming path). The exact bundle has all four
 * denoiser variants (desktop, mobile head-tiled, desktop-int8, mobile-int8) sharing one encoder and
 * decoder; the window-2 bundle only desktop ({@code --variants desktop}).
 */
class VaeChunkBundleTest {
    private static final int WIDTH = 96, HEIGHT = 56, FRAMES = 17;
    private static Path tmp;
    private static final List<ModelBundle> bundles = new ArrayList<>();     // window 3, window 2
    private static final List<LocalVideoGenerator> generators = new ArrayList<>();
    private static final List<String> VARIANTS = List.of("desktop", "mobile", "desktop-int8", "mobile-int8");
    private static final Map<String, LocalVideoGenerator> byVariant = new HashMap<>();   // exact bundle

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
                args.addAll(List.of("--window", window, "--variants", "desktop"));
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
        byVariant.values().forEach(LocalVideoGenerator::close);
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
            Fixtures fx = Fixtures.read(bundles.get(i));
            assertEquals(i == 0 ? 6 : 3, fx.graphs().size(), "encoder, decoder and one denoiser fixture per variant");
            for (Fixtures.GraphCase c : fx.graphs()) {
                int bundle = i;
                tests.add(DynamicTest.dynamicTest("window " + bundles.get(i).decoder().window() + " " + c.variant()
                        + "/" + c.graph(), () -> FixtureParityTest.assertGraphMatches(generator(bundle, c.variant()), c)));
            }
        }
        return tests;
    }

    /** The whole run from the encoder input to 8-bit frames against PyTorch, through both decoder windows. */
    @TestFactory
    List<DynamicTest> aWholeRunMatchesPyTorch() throws Exception {
        List<DynamicTest> tests = new ArrayList<>();
        for (int i = 0; i < bundles.size(); i++) {
            List<Fixtures.RunCase> runs = Fixtures.read(bundles.get(i)).runs();
            assertEquals(1, runs.size(), "one whole-run fixture");
            int bundle = i;
            for (Fixtures.RunCase r : runs) {
                tests.add(DynamicTest.dynamicTest(r.name(),
                        () -> WholeRunReplay.check(generator(bundle, r.variant()), bundles.get(bundle), r)));
            }
        }
        return tests;
    }

    private static LocalVideoGenerator generator(int bundle, String variant) throws Exception {
        if (bundle == 1 || variant.equals("desktop")) {
            return generators.get(bundle);
        }
        LocalVideoGenerator g = byVariant.get(variant);
        if (g == null) {
            g = LocalVideoGenerator.open(bundles.get(0), LocalOptions.defaults().withVariant(variant).withSpinning(false));
            byVariant.put(variant, g);
        }
        return g;
    }

    @Test
    void theVariantsShareTheEncoderAndDecoderAndDifferInTheDenoiser() throws Exception {
        ModelBundle b = bundles.get(0);
        assertEquals(Set.copyOf(VARIANTS), b.manifest().variants().keySet());
        List<String> denoisers = new ArrayList<>();
        for (String v : VARIANTS) {
            Map<GraphRole, String> g = b.variant(v).graphs();
            assertEquals("desktop/encoder.onnx", g.get(GraphRole.ENCODER), v);
            assertEquals("desktop/decoder.onnx", g.get(GraphRole.DECODER), v);
            denoisers.add(g.get(GraphRole.DENOISER));
        }
        assertEquals(List.of("desktop/denoiser.onnx", "mobile/denoiser.onnx", "int8/denoiser.onnx",
                "mobile-int8/denoiser.onnx"), denoisers);
        assertEquals(Set.of("desktop"), bundles.get(1).manifest().variants().keySet());
    }

    /** The int8 graphs really are quantised: their output differs from PyTorch's fp32 by more than fp32 noise, within the fixture's tolerance. */
    @Test
    void theInt8DenoisersDifferFromFp32WithinTheirMeasuredTolerance() throws Exception {
        for (Fixtures.GraphCase c : Fixtures.read(bundles.get(0)).graphs()) {
            if (!c.variant().endsWith("-int8")) {
                continue;
            }
            GraphSession s = generator(0, c.variant()).session(GraphRole.DENOISER);
            FixtureParityTest.assertGraphMatches(generator(0, c.variant()), c);
            float[] out = new float[s.output().count()];
            s.output().get(0, out, 0, out.length);
            float[] expected = c.outputs().values().iterator().next().floats();
            double worst = 0;
            for (int k = 0; k < out.length; k++) {
                worst = Math.max(worst, Math.abs(out[k] - expected[k]));
            }
            System.out.printf("%s denoiser: max |ORT int8 - PyTorch fp32| = %.5f, atol %.5f%n", c.variant(), worst, c.atol());
            assertTrue(worst > 1e-3, c.variant() + " is not quantised: max difference " + worst);
        }
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
