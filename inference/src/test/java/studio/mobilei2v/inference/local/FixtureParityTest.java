package studio.mobilei2v.inference.local;

import ai.onnxruntime.OrtSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import studio.mobilei2v.inference.Cancellation;
import studio.mobilei2v.inference.ModelImage;
import studio.mobilei2v.inference.bundle.GraphRole;
import studio.mobilei2v.inference.bundle.SigmaSchedule;
import studio.mobilei2v.inference.bundle.Fixtures;
import studio.mobilei2v.inference.bundle.ModelBundle;
import studio.mobilei2v.inference.bundle.Variant;
import studio.mobilei2v.inference.sampler.SeededNoise;
import studio.mobilei2v.inference.testing.NanoBundle;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Java (ONNX Runtime) against PyTorch on the bundle's fixtures: every graph of every variant on
 * reference inputs, and the whole one-step run from image tensor and seeded noise to the final
 * latents and 8-bit frames, within the tolerances the fixtures state.
 */
class FixtureParityTest {
    private static ModelBundle bundle;
    private static Fixtures fixtures;
    private static final Map<String, LocalVideoGenerator> generators = new HashMap<>();

    @BeforeAll
    static void open() throws Exception {
        if (NanoBundle.present()) {
            bundle = ModelBundle.open(NanoBundle.dir());
            fixtures = Fixtures.read(bundle);
        }
    }

    @BeforeEach
    void needsBundle() {
        NanoBundle.require(); // each test reports the skip reason (or fails under MOBILEI2V_CI=1)
    }

    @AfterAll
    static void close() {
        generators.values().forEach(LocalVideoGenerator::close);
    }

    private static LocalVideoGenerator generator(String variant) throws Exception {
        LocalVideoGenerator g = generators.get(variant);
        if (g == null) {
            g = LocalVideoGenerator.open(bundle, LocalOptions.defaults().withVariant(variant).withSpinning(false));
            generators.put(variant, g);
        }
        return g;
    }

    /** max |a-e| - (atol + rtol*|e|) over all elements must be <= 0; reports the worst. */
    static void assertClose(float[] expected, float[] actual, double atol, double rtol, String what) {
        assertEquals(expected.length, actual.length, what + " length");
        double worst = -1;
        int at = -1;
        for (int i = 0; i < expected.length; i++) {
            assertFalse(Float.isNaN(actual[i]), what + " has NaN at " + i);
            double excess = Math.abs(actual[i] - expected[i]) - (atol + rtol * Math.abs(expected[i]));
            if (excess > worst) {
                worst = excess;
                at = i;
            }
        }
        if (worst > 0) {
            fail(what + ": element " + at + " is " + actual[at] + ", PyTorch " + expected[at]
                    + " (exceeds atol " + atol + " + rtol " + rtol + " by " + worst + ")");
        }
    }

    @Test
    void fixturesExist() {
        assertFalse(fixtures.graphs().isEmpty(), "bundle has no graph fixtures");
        assertFalse(fixtures.runs().isEmpty(), "bundle has no run fixtures");
    }

    @TestFactory
    List<DynamicTest> eachGraphMatchesPyTorch() {
        List<DynamicTest> tests = new ArrayList<>();
        for (Fixtures.GraphCase c : fixtures.graphs()) {
            tests.add(DynamicTest.dynamicTest(c.variant() + "/" + c.graph(),
                    () -> assertGraphMatches(generator(c.variant()), c)));
        }
        return tests;
    }

    /** Runs one graph fixture through the generator's real session; its output must be within the fixture's tolerance. */
    static void assertGraphMatches(LocalVideoGenerator gen, Fixtures.GraphCase c) throws Exception {
        GraphSession s = gen.session(c.graph());
        for (Map.Entry<String, Fixtures.Tensor> in : c.inputs().entrySet()) {
            TensorSlot slot = s.input(in.getKey());
            if (in.getValue().dtype().equals("int64")) {
                slot.putInteger(in.getValue().longs()[0]);
            } else {
                slot.put(in.getValue().floats());
            }
        }
        try (OrtSession.RunOptions ro = new OrtSession.RunOptions()) {
            s.run(ro);
        }
        Fixtures.Tensor expected = c.outputs().values().iterator().next();
        float[] out = new float[s.output().count()];
        s.output().get(0, out, 0, out.length);
        assertClose(expected.floats(), out, c.atol(), c.rtol(), c.variant() + "/" + c.graph());
    }

    @TestFactory
    List<DynamicTest> wholeRunMatchesPyTorch() {
        List<DynamicTest> tests = new ArrayList<>();
        for (Fixtures.RunCase r : fixtures.runs()) {
            tests.add(DynamicTest.dynamicTest(r.name(), () -> {
                LocalVideoGenerator gen = generator(r.variant());
                // the fixture's noise is SeededNoise(seed): the Python and Java generators agree
                float[] noise = r.noise().floats();
                float[] ours = SeededNoise.generate(r.seed(), noise.length);
                int identical = 0;
                for (int i = 0; i < noise.length; i++) {
                    assertEquals(noise[i], ours[i], 1e-6f, "noise element " + i);
                    identical += Float.floatToIntBits(noise[i]) == Float.floatToIntBits(ours[i]) ? 1 : 0;
                }
                assertTrue(identical >= noise.length * 0.999, identical + " of " + noise.length + " noise values bit-identical");

                RequestPlan plan = gen.plan(r.schedule(), r.motionScore(), r.camera());
                // a flow-warp bundle's run starts from the picture's 8-bit pixels at an output size
                // ([H, W, 3]); an RGB bundle's from the encoder's input tensor
                boolean pixels = r.image().dtype().equals("uint8");
                int w = pixels ? r.image().shape().get(1).intValue() : bundle.video().width();
                int h = pixels ? r.image().shape().get(0).intValue() : bundle.video().height();
                ModelImage picture = ModelImage.ofPixels(w, h, pixels ? r.image().uint8() : new byte[w * h * 3]);
                float[] image = pixels ? gen.preprocess(picture) : r.image().floats();
                float[] x;
                List<byte[]> frames = new ArrayList<>();
                try (OrtSession.RunOptions ro = new OrtSession.RunOptions()) {
                    float[] z0 = gen.encode(image, ro);
                    x = gen.initialLatents(r.seed(), z0);
                    gen.denoise(x, z0, plan, ro, Cancellation.none(), (k, n, ms) -> { });
                    FrameDecoding decoding = gen.decoding(x, picture, image);
                    for (int f = 0; f < bundle.video().frames(); f++) {
                        byte[] rgb = decoding.frame(f, ro); // every frame: the decoder is causal and streams
                        if (r.frameIds().contains(f)) {
                            frames.add(rgb);
                        }
                    }
                }
                assertClose(r.latents().floats(), x, r.latentsAtol(), 0, r.name() + " final latents");
                if (bundle.decoder().warps()) {
                    assertArrayEquals(picture.rgb(), frames.get(0), "frame 0 of a flow-warp decoder is the picture itself");
                }

                byte[] expected = r.frames().uint8();
                int frameBytes = w * h * 3;
                assertEquals(expected.length, frameBytes * frames.size(), "frame count x size");
                int worst = 0;
                for (int f = 0; f < frames.size(); f++) {
                    byte[] got = frames.get(f);
                    for (int i = 0; i < frameBytes; i++) {
                        worst = Math.max(worst, Math.abs((got[i] & 0xFF) - (expected[f * frameBytes + i] & 0xFF)));
                    }
                }
                assertTrue(worst <= r.framesMaxAbsDiff(), r.name() + ": 8-bit frames differ by up to " + worst
                        + " (allowed " + r.framesMaxAbsDiff() + ")");
            }));
        }
        return tests;
    }

    @Test
    void listedTeacherScheduleEqualsTheComputedOne() {
        bundle.sampler().schedules().stream().filter(s -> s.kind() == SigmaSchedule.Kind.TEACHER).forEach(s -> {
            List<Double> computed = studio.mobilei2v.inference.sampler.TeacherSchedule.sigmas(s.steps(), bundle.sampler().shift());
            for (int i = 0; i < computed.size(); i++) {
                assertEquals(s.sigma(i), computed.get(i), 1e-12, s.name() + " sigma " + i);
            }
        });
    }

    @Test
    void everyGraphOfTheDesktopAndMobileVariantsHasAFixture() throws Exception {
        // present is not enough: each graph the phone runs is checked against PyTorch above
        for (String v : List.of(Variant.DESKTOP, Variant.MOBILE)) {
            for (GraphRole role : bundle.variant(v).graphs().keySet()) {
                assertTrue(fixtures.graphs().stream().anyMatch(c -> c.variant().equals(v) && c.graph().equals(role)),
                        "no PyTorch fixture for graph " + v + "/" + role);
            }
        }
    }
}
