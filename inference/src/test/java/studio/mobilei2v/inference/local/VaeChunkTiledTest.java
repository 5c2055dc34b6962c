package studio.mobilei2v.inference.local;

import ai.onnxruntime.OrtSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import studio.mobilei2v.inference.RunReport;
import studio.mobilei2v.inference.VideoFrame;
import studio.mobilei2v.inference.bundle.DecoderTile;
import studio.mobilei2v.inference.bundle.Fixtures;
import studio.mobilei2v.inference.bundle.GraphRole;
import studio.mobilei2v.inference.bundle.ModelBundle;
import studio.mobilei2v.inference.testing.PythonTorch;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

/**
 * A converted random-weights bundle with a tiled vae-chunk decoder (make_random_official.py
 * --small --grid 3 4 6 --video 184 120 --decoder-tile 2 4 --decoder-overlap 1 --variants desktop: row tiles at 0, 1, 2,
 * column tiles at 0, 2, both edges cropped): Java's tile-by-tile decode and blend against PyTorch's
 * own (model/mobilei2v/official/tiling.py, the bundle's "tiled" fixture) within the fixture's
 * tolerance, and a whole run whose frames come out of that blend.
 */
class VaeChunkTiledTest {
    private static final int WIDTH = 184, HEIGHT = 120, FRAMES = 17;
    private static Path tmp;
    private static ModelBundle bundle;
    private static LocalVideoGenerator gen;

    @BeforeAll
    static void makeBundle() throws Exception {
        if (!PythonTorch.available()) {
            return;
        }
        tmp = Files.createTempDirectory("vae-chunk-tiled");
        Path dir = tmp.resolve("bundle");
        PythonTorch.runModelScript(600, "make_random_official.py", "--out", tmp.resolve("weights").toString(), "--small",
                "--bundle", dir.toString(), "--grid", "3", "4", "6", "--video", "184", "120",
                "--decoder-tile", "2", "4", "--decoder-overlap", "1", "--variants", "desktop");
        bundle = ModelBundle.open(dir);
        gen = LocalVideoGenerator.open(bundle, LocalOptions.defaults().withSpinning(false));
    }

    @BeforeEach
    void needsPython() {
        PythonTorch.require();
    }

    @AfterAll
    static void cleanUp() throws Exception {
        if (gen != null) {
            gen.close();
        }
        if (tmp != null) {
            try (Stream<Path> s = Files.walk(tmp)) {
                for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }

    @Test
    void theManifestCarriesTheTileAndTheGraphMatchesPyTorchAtTheTileShape() throws Exception {
        assertEquals(new DecoderTile(2, 4, 1), bundle.decoder().tile());
        assertEquals(6, bundle.manifest().decoderCallsPerClip(), "3 row tiles x 2 column tiles, one window");
        Fixtures fx = Fixtures.read(bundle);
        assertEquals(3, fx.graphs().size());
        for (Fixtures.GraphCase c : fx.graphs()) {
            FixtureParityTest.assertGraphMatches(gen, c);
        }
    }

    @Test
    void theTiledWindowMatchesPyTorchsTiledDecode() throws Exception {
        Fixtures.TiledCase c = Fixtures.read(bundle).tiledOrNull();
        assertNotNull(c, "a tiled bundle has the 'tiled' fixture");
        assertEquals(List.of(1L, 3L, (long) FRAMES, (long) HEIGHT, (long) WIDTH), c.frames().shape());
        TiledWindow window = new TiledWindow(bundle.latent(), bundle.decoder().tile(), 3, WIDTH, HEIGHT);
        int[] calls = {0};
        try (OrtSession.RunOptions ro = new OrtSession.RunOptions()) {
            // the fixture's window is all 3 latent frames: its [1, C, 3, h, w] is the pipeline's x [C, F, h, w]
            window.decode(gen.session(GraphRole.DECODER), c.latents().floats(), 0, ro, () -> calls[0]++);
        }
        assertEquals(6, calls[0]);
        FixtureParityTest.assertClose(c.frames().floats(), window.output(), c.atol(), 0.0, "tiled decoder window");
    }

    @Test
    void aWholeRunThroughTheTilesMatchesPyTorch() throws Exception {
        List<Fixtures.RunCase> runs = Fixtures.read(bundle).runs();
        assertEquals(1, runs.size(), "one whole-run fixture");
        WholeRunReplay.check(gen, bundle, runs.get(0));
    }

    @Test
    void theBlendWeightsSumToOneAtEveryPixel() {
        for (int[] t : new int[][]{{23, 13, 2, 32}, {40, 15, 2, 32}, {4, 2, 1, 32}, {6, 4, 1, 32}, {9, 4, 0, 2}}) {
            int[] starts = DecoderTile.starts(t[0], t[1], t[2]);
            double[][] w = TiledWindow.weights(starts, t[0], t[1], t[2], t[3]);
            double[] sum = new double[t[0] * t[3]];
            for (int i = 0; i < starts.length; i++) {
                for (int u = 0; u < w[i].length; u++) {
                    sum[starts[i] * t[3] + u] += w[i][u];
                }
            }
            for (int p = 0; p < sum.length; p++) {
                assertEquals(1.0, sum[p], 1e-12, java.util.Arrays.toString(t) + " pixel " + p);
            }
        }
    }

    @Test
    void oneSessionAtATimeMakesTheSameFramesAndHoldsNoSessionAfterTheRun() throws Exception {
        List<VideoFrame> lean = new ArrayList<>();
        List<VideoFrame> staged = new ArrayList<>();
        VaeChunkBundleTest.generate(gen, 41, lean, WIDTH, HEIGHT);
        try (LocalVideoGenerator one = LocalVideoGenerator.open(bundle,
                LocalOptions.defaults().withSpinning(false).withMemory(LocalOptions.Memory.STAGED))) {
            for (int run = 0; run < 2; run++) {
                staged.clear();
                RunReport r = VaeChunkBundleTest.generate(one, 41, staged, WIDTH, HEIGHT);
                assertTrue(r.initMs() > 0, "run " + run + " creates its sessions again");
                for (GraphRole role : new GraphRole[]{GraphRole.ENCODER, GraphRole.DENOISER, GraphRole.DECODER}) {
                    assertFalse(one.hasSession(role), role + " session closed after run " + run);
                }
                for (int f = 0; f < FRAMES; f++) {
                    assertArrayEquals(lean.get(f).rgb(), staged.get(f).rgb(), "run " + run + " frame " + f);
                }
            }
        }
    }

    @Test
    void aRunDecodesEachFrameFromTheBlendedTiles() throws Exception {
        List<VideoFrame> frames = new ArrayList<>();
        RunReport report = VaeChunkBundleTest.generate(gen, 31, frames, WIDTH, HEIGHT);
        assertEquals(FRAMES, frames.size());
        assertEquals(6, report.compute().decoderCalls(), "one call per tile of the one window");
        float[] x = VaeChunkBundleTest.sample(gen, 31, WIDTH, HEIGHT)[0];
        TiledWindow window = new TiledWindow(bundle.latent(), bundle.decoder().tile(), 3, WIDTH, HEIGHT);
        try (OrtSession.RunOptions ro = new OrtSession.RunOptions()) {
            window.decode(gen.session(GraphRole.DECODER), x, 0, ro, () -> { });
        }
        for (int f = 0; f < FRAMES; f++) {
            assertEquals(WIDTH, frames.get(f).width());
            assertEquals(HEIGHT, frames.get(f).height());
            assertArrayEquals(FrameDecoding.toRgb(window.output(), FRAMES, f, WIDTH, HEIGHT, bundle.manifest().image()),
                    frames.get(f).rgb(), "frame " + f);
        }
    }
}
