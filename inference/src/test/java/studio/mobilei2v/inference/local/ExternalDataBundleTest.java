package studio.mobilei2v.inference.local;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import studio.mobilei2v.inference.GenerationRequest;
import studio.mobilei2v.inference.bundle.ModelBundle;
import studio.mobilei2v.inference.testing.ExternalDataNano;
import studio.mobilei2v.inference.testing.NanoBundle;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The nano bundle with its desktop denoiser's weights in desktop/denoiser.onnx.data: the same frames as
 * the inline bundle, with and without the optimised-graph cache, and the cached graph keeps its weights
 * outside the protobuf too (no inline copy of them in the cache).
 */
class ExternalDataBundleTest {
    @TempDir
    Path tmp;

    private static List<byte[]> frames(ModelBundle bundle, LocalOptions options) throws Exception {
        try (LocalVideoGenerator g = LocalVideoGenerator.open(bundle, options)) {
            LocalVideoGeneratorTest.Recorder r = new LocalVideoGeneratorTest.Recorder();
            g.generate(GenerationRequest.of(LocalVideoGeneratorTest.gradient(bundle.video().width(), bundle.video().height()), 5),
                    r, null);
            return r.frames.stream().map(f -> f.rgb()).toList();
        }
    }

    private static void assertSameFrames(List<byte[]> expected, List<byte[]> actual, String what) {
        assertEquals(expected.size(), actual.size(), what);
        for (int i = 0; i < expected.size(); i++) {
            assertArrayEquals(expected.get(i), actual.get(i), what + ", frame " + i);
        }
    }

    @Test
    void externalWeightsGiveTheSameFramesAndTheCacheKeepsThemExternal() throws Exception {
        LocalOptions plain = LocalOptions.defaults().withThreads(1).withGraphCache(LocalOptions.GraphCache.NONE);
        List<byte[]> inline = frames(ModelBundle.open(NanoBundle.require()), plain);
        ModelBundle external = ModelBundle.open(ExternalDataNano.write(tmp.resolve("bundle"), "desktop/denoiser.onnx"));
        assertEquals(List.of("desktop/denoiser.onnx.data"), external.externalData("desktop/denoiser.onnx"));
        assertSameFrames(inline, frames(external, plain), "external data, no cache");

        Path cache = tmp.resolve("cache");
        LocalOptions cached = plain.withGraphCache(LocalOptions.GraphCache.in(cache));
        assertSameFrames(inline, frames(external, cached), "external data, optimised while caching");
        List<Path> files;
        try (Stream<Path> s = Files.list(cache)) {
            files = s.sorted().toList();
        }
        List<Path> data = files.stream().filter(p -> p.toString().endsWith(".data")).toList();
        assertEquals(4, files.size(), "encoder, denoiser (+ its data), decoder, no temp files: " + files);
        assertEquals(1, data.size(), files.toString());
        String key = data.get(0).getFileName().toString().split("\\.")[0];
        Path graph = cache.resolve(key + ".onnx");
        assertTrue(Files.isRegularFile(graph), "the data belongs to the cached denoiser: " + files);
        long weights = Files.size(external.resolve("desktop/denoiser.onnx.data"));
        assertTrue(Files.size(graph) < weights / 10, "cached graph " + Files.size(graph) + " bytes holds no inline weights");
        assertTrue(Files.size(data.get(0)) > weights / 2, "cached data " + Files.size(data.get(0)) + " bytes");

        assertSameFrames(inline, frames(external, cached), "external data, from the cache");

        // damaged cached data: the entry is rebuilt (graph and data), the frames unchanged
        Files.write(data.get(0), new byte[]{1, 2, 3});
        assertSameFrames(inline, frames(external, cached), "external data, cache rebuilt");
        try (Stream<Path> s = Files.list(cache)) {
            List<Path> now = s.filter(p -> p.toString().endsWith(".data")).toList();
            assertEquals(1, now.size(), now.toString());
            assertTrue(Files.size(now.get(0)) > weights / 2, "rebuilt data " + now);
        }
    }
}
