package studio.mobilei2v.inference.local;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import studio.mobilei2v.inference.GenerationRequest;
import studio.mobilei2v.inference.RunReport;
import studio.mobilei2v.inference.bundle.ModelBundle;
import studio.mobilei2v.inference.testing.NanoBundle;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

class OptimizedGraphCacheTest {
    @TempDir
    Path cacheDir;

    private static List<byte[]> frames(LocalVideoGenerator g, long seed) throws Exception {
        LocalVideoGeneratorTest.Recorder r = new LocalVideoGeneratorTest.Recorder();
        ModelBundle b = g.bundle();
        g.generate(GenerationRequest.of(LocalVideoGeneratorTest.gradient(b.video().width(), b.video().height()), seed), r, null);
        return r.frames.stream().map(f -> f.rgb()).toList();
    }

    private List<Path> cached() throws Exception {
        try (Stream<Path> s = Files.list(cacheDir)) {
            return s.sorted().toList();
        }
    }

    @Test
    void cachedGraphsGiveTheSameFramesAndAreRebuiltWhenDamaged() throws Exception {
        ModelBundle bundle = ModelBundle.open(NanoBundle.require());
        LocalOptions cachedOpts = LocalOptions.defaults().withThreads(1).withGraphCache(LocalOptions.GraphCache.in(cacheDir));
        List<byte[]> reference;
        try (LocalVideoGenerator plain = LocalVideoGenerator.open(bundle, LocalOptions.defaults().withThreads(1)
                .withGraphCache(LocalOptions.GraphCache.NONE))) {
            reference = frames(plain, 11);
        }
        assertTrue(cached().isEmpty(), "GraphCache.NONE must not write");

        try (LocalVideoGenerator first = LocalVideoGenerator.open(bundle, cachedOpts)) {
            List<byte[]> f = frames(first, 11);
            for (int i = 0; i < f.size(); i++) {
                assertArrayEquals(reference.get(i), f.get(i), "frame " + i + " (optimised while caching)");
            }
        }
        List<Path> files = cached();
        assertEquals(3, files.size(), "encoder, denoiser, decoder: " + files);
        assertTrue(files.stream().allMatch(p -> p.toString().endsWith(".onnx")), "no temp files left: " + files);

        try (LocalVideoGenerator second = LocalVideoGenerator.open(bundle, cachedOpts)) {
            List<byte[]> f = frames(second, 11);
            for (int i = 0; i < f.size(); i++) {
                assertArrayEquals(reference.get(i), f.get(i), "frame " + i + " (from the cache)");
            }
        }

        // damage every cached graph: they are rebuilt and the result is unchanged
        for (Path p : files) {
            Files.write(p, new byte[]{1, 2, 3});
        }
        try (LocalVideoGenerator third = LocalVideoGenerator.open(bundle, cachedOpts)) {
            RunReport r = third.generate(GenerationRequest.of(LocalVideoGeneratorTest.gradient(bundle.video().width(),
                    bundle.video().height()), 11), null, null);
            assertEquals(bundle.video().frames(), r.frameMs().size());
        }
        for (Path p : cached()) {
            assertTrue(Files.size(p) > 1000, p + " was not rebuilt");
        }
    }
}
