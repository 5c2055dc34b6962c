package studio.mobilei2v.inference.bundle;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The loader's rules for a vae-chunk decoder and schedule guidance (docs/BUNDLE.md) on the
 * synthetic bundle turned into one: 256x144 video, latents 16x3x9x16 (ratio 16), window 2.
 */
class VaeChunkManifestTest {
    @TempDir
    Path dir;

    /** The synthetic manifest with a vae-chunk decoder of window {@code window} (graph shapes to match). */
    private static void vaeChunk(ObjectNode m, int window) {
        ObjectNode d = m.putObject("decoder");
        d.put("kind", "vae-chunk");
        d.putObject("working").put("width", 256).put("height", 144);
        d.put("window", window);
        d.put("exact", window == 3);
        d.put("temporal_radius", 23.9);
        ObjectNode g = SyntheticBundle.obj(m, "graphs").putObject("decoder");
        tensor(g.putArray("inputs"), "latents", 1, 16, window, 9, 16);
        tensor(g.putArray("outputs"), "frames", 1, 3, 1 + 8 * (window - 1), 144, 256);
    }

    private static void tensor(ArrayNode list, String name, int... shape) {
        ObjectNode t = list.addObject();
        t.put("name", name);
        t.put("dtype", "float32");
        ArrayNode s = t.putArray("shape");
        for (int v : shape) {
            s.add(v);
        }
    }

    private ModelBundle open(Consumer<ObjectNode> mutator) throws Exception {
        SyntheticBundle.write(dir, m -> {
            vaeChunk(m, 2);
            mutator.accept(m);
        });
        return ModelBundle.open(dir);
    }

    private void assertRefused(Consumer<ObjectNode> mutator, String field, String says) throws Exception {
        BundleException e = assertThrows(BundleException.class, () -> open(mutator));
        assertEquals("manifest.json", e.file(), e.getMessage());
        assertEquals(field, e.field(), e.getMessage());
        assertTrue(e.getMessage().contains(says), e.getMessage());
    }

    @Test
    void aVaeChunkDecoderOpensWithItsWindow() throws Exception {
        ModelBundle b = open(m -> { });
        assertEquals(DecoderSpec.Kind.VAE_CHUNK, b.decoder().kind());
        assertTrue(b.decoder().chunks());
        assertEquals(2, b.decoder().window());
        assertEquals(new FrameSize(256, 144), b.decoder().working());
        assertEquals(2, b.manifest().decoderCallsPerClip(), "windows [z0, z1] and [z1, z2]");
        SigmaSchedule s = b.sampler().resolve("distilled-1").orElseThrow();
        assertEquals(1.2e9 + 3.4e9 + 2 * 0.5e9, b.manifest().flopsPerClip(s), 1);
        assertNull(s.guidance(), "no guidance field, no guidance");
    }

    @Test
    void theWindowMustBeBetweenTwoAndTheLatentFrames() throws Exception {
        assertRefused(m -> vaeChunk(m, 4), "decoder.window", "between 2 and latent.frames (3), not 4");
        assertRefused(m -> vaeChunk(m, 1), "decoder.window", "not 1");
        assertRefused(m -> SyntheticBundle.obj(m, "decoder").remove("window"), "decoder.window", "is missing");
        assertEquals(3, open(m -> vaeChunk(m, 3)).decoder().window());
    }

    @Test
    void theSizesMustBeTheEncodersRoundedUpGridAtOneVideoSize() throws Exception {
        assertRefused(m -> SyntheticBundle.obj(m, "latent").put("height", 10), "latent.height",
                "ceil(video.height / latent.spatial_ratio) = 9");
        assertRefused(m -> SyntheticBundle.obj(m, "decoder.working").put("width", 128), "decoder.working",
                "of a 'vae-chunk' decoder must equal the one video size (256x144)");
        assertRefused(m -> {
            ArrayNode sizes = SyntheticBundle.obj(m, "video").putArray("sizes");
            sizes.addArray().add(256).add(144);
            sizes.addArray().add(512).add(288);
        }, "decoder.working", "the one video size");
    }

    @Test
    void theDecoderGraphTakesAWindowAndReturnsItsFrames() throws Exception {
        assertRefused(m -> ((ArrayNode) SyntheticBundle.arr(m, "graphs.decoder", "inputs").get(0).get("shape")).set(2, 3),
                "graphs.decoder.inputs[0].shape", "[1, latent.channels, decoder.window, latent.height, latent.width]");
        assertRefused(m -> ((ArrayNode) SyntheticBundle.arr(m, "graphs.decoder", "outputs").get(0).get("shape")).set(2, 17),
                "graphs.decoder.outputs[0].shape", "1 + latent.temporal_ratio * (decoder.window - 1)");
        assertRefused(m -> ((ObjectNode) SyntheticBundle.arr(m, "graphs.decoder", "inputs").get(0)).put("name", "latent_cur"),
                "graphs.decoder.inputs[0].name", "not an input the pipeline feeds");
    }

    /** decoder.tile 5 x 8 cells, overlap 2, with the decoder graph at that tile (80 x 128 pixels). */
    private static void tiled(ObjectNode m) {
        SyntheticBundle.obj(m, "decoder").putObject("tile").put("height", 5).put("width", 8).put("overlap", 2);
        ((ArrayNode) SyntheticBundle.arr(m, "graphs.decoder", "inputs").get(0).get("shape")).set(3, 5).set(4, 8);
        ((ArrayNode) SyntheticBundle.arr(m, "graphs.decoder", "outputs").get(0).get("shape")).set(3, 80).set(4, 128);
    }

    @Test
    void aTiledDecoderOpensWithItsTileAndCallsItsGraphPerTile() throws Exception {
        assertFalse(open(m -> { }).decoder().tiled(), "no decoder.tile: whole frames, as before");
        ModelBundle b = open(VaeChunkManifestTest::tiled);
        assertEquals(new DecoderTile(5, 8, 2), b.decoder().tile());
        assertTrue(b.decoder().tiled());
        // rows 0, 3, 4 (the last clamped to 9 - 5) x columns 0, 6, 8: 9 tiles per window, 2 windows
        assertArrayEquals(new int[]{0, 3, 4}, DecoderTile.starts(9, 5, 2));
        assertArrayEquals(new int[]{0, 6, 8}, DecoderTile.starts(16, 8, 2));
        assertEquals(18, b.manifest().decoderCallsPerClip());
        SigmaSchedule s = b.sampler().resolve("distilled-1").orElseThrow();
        assertEquals(1.2e9 + 3.4e9 + 18 * 0.5e9, b.manifest().flopsPerClip(s), 1);
    }

    @Test
    void theTileMustFitTheLatentGridAndOverlapLessThanItself() throws Exception {
        assertRefused(m -> {
            tiled(m);
            SyntheticBundle.obj(m, "decoder.tile").put("height", 10);
        }, "decoder.tile.height", "between 1 and latent.height (9), not 10");
        assertRefused(m -> {
            tiled(m);
            SyntheticBundle.obj(m, "decoder.tile").put("width", 0);
        }, "decoder.tile.width", "between 1 and latent.width (16), not 0");
        assertRefused(m -> {
            tiled(m);
            SyntheticBundle.obj(m, "decoder.tile").put("overlap", 5);
        }, "decoder.tile.overlap", "min(decoder.tile.height, decoder.tile.width) - 1 (4), not 5");
        assertRefused(m -> {
            tiled(m);
            SyntheticBundle.obj(m, "decoder.tile").remove("overlap");
        }, "decoder.tile.overlap", "");
        assertRefused(m -> SyntheticBundle.obj(m, "decoder").putObject("tile").put("height", 5).put("width", 8).put("overlap", 2),
                "graphs.decoder.inputs[0].shape", "[1, latent.channels, decoder.window, decoder.tile.height, decoder.tile.width]");
        assertRefused(m -> {
            tiled(m);
            ((ArrayNode) SyntheticBundle.arr(m, "graphs.decoder", "outputs").get(0).get("shape")).set(3, 72);
        }, "graphs.decoder.outputs[0].shape", "decoder.tile.height * latent.spatial_ratio");
    }

    private static ObjectNode guidance(ObjectNode m) {
        return ((ObjectNode) SyntheticBundle.arr(m, "sampler", "schedules").get(0)).putObject("guidance");
    }

    @Test
    void sameCallGuidanceIsReadAndOtherKindsAreRefused() throws Exception {
        ModelBundle b = open(m -> guidance(m).put("scale", 4.5).put("unconditional", "same-call"));
        assertEquals(new Guidance(4.5, Guidance.SAME_CALL), b.sampler().schedules().get(0).guidance());
        assertRefused(m -> guidance(m).put("scale", 4.5).put("unconditional", "graph"),
                "sampler.schedules[0].guidance.unconditional", "only 'same-call'");
        assertRefused(m -> guidance(m).put("unconditional", "same-call"), "sampler.schedules[0].guidance.scale", "");
    }

    @Test
    void anUnknownKindListsTheThreeKnownOnes() throws Exception {
        assertRefused(m -> SyntheticBundle.obj(m, "decoder").put("kind", "vae"), "decoder.kind", "vae-chunk");
    }
}
