package studio.mobilei2v.inference.local;

import ai.onnxruntime.OrtSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import studio.mobilei2v.inference.bundle.GraphRole;
import studio.mobilei2v.inference.bundle.SigmaSchedule;
import studio.mobilei2v.inference.bundle.Fixtures;
import studio.mobilei2v.inference.bundle.ModelBundle;
import studio.mobilei2v.inference.bundle.Variant;
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
            tests.add(DynamicTest.dynamicTest(r.name(), () -> WholeRunReplay.check(generator(r.variant()), bundle, r)));
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
