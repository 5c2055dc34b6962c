package studio.mobilei2v.inference.bundle;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.*;

/** Manifest validation on a synthetic bundle: each broken rule names manifest.json and the field. */
class ModelBundleValidationTest {
    @TempDir
    Path dir;

    private BundleException broken(Consumer<ObjectNode> mutator) throws Exception {
        SyntheticBundle.write(dir, mutator);
        return assertThrows(BundleException.class, () -> ModelBundle.open(dir));
    }

    private void assertNames(BundleException e, String file, String field) {
        assertEquals(file, e.file(), e.getMessage());
        assertEquals(field, e.field(), e.getMessage());
        assertTrue(e.getMessage().startsWith(file + ": field '" + field + "'"), e.getMessage());
    }

    @Test
    void validBundleOpensWithTypedRecords() throws Exception {
        SyntheticBundle.write(dir, m -> { });
        ModelBundle b = ModelBundle.open(dir);
        assertEquals("mobilei2v-nano", b.name());
        assertEquals(new VideoSpec(256, 144, 17, 17), b.video());
        assertEquals(16, b.latent().channels());
        assertEquals(6912, b.latent().size());
        assertEquals("distilled-1", b.sampler().resolve(null).orElseThrow().name());
        assertEquals(7, b.conditioning().cameraMotion().orElseThrow().classes().size());
        assertEquals(2, b.conditioning().cameraMotion().orElseThrow().indexOf("pan-right"));
        assertTrue(b.conditioning().text().isEmpty());
        assertEquals("fp16", b.variant("mobile").precision());
        assertFalse(b.variant("mobile").hasGraph(GraphRole.DENOISER_TEACHER));
        assertEquals(dir.resolve("desktop/decoder.onnx").toAbsolutePath().normalize(), b.graphFile("desktop", GraphRole.DECODER));
        assertEquals(3.4e9, b.manifest().flopsPerCall(GraphRole.DENOISER));
        assertEquals(7, b.manifest().files().size());
    }

    @Test
    void scheduleResolution() throws Exception {
        SyntheticBundle.write(dir, m -> { });
        SamplerSpec s = ModelBundle.open(dir).sampler();
        assertEquals("distilled-2", s.forSteps(2).name());
        assertEquals("teacher-4", s.forSteps(4).name());
        assertTrue(s.forSteps(4).listed());
        SigmaSchedule t7 = s.forSteps(7);
        assertEquals("teacher-7", t7.name());
        assertFalse(t7.listed());
        assertEquals(GraphRole.DENOISER_TEACHER, t7.denoiser());
        assertEquals(8, t7.sigmas().size());
        assertTrue(s.resolve("teacher-12").isPresent());
        assertTrue(s.resolve("fast").isEmpty());
        assertTrue(s.resolve("teacher-0").isEmpty());
    }

    @Test
    void missingField() throws Exception {
        assertNames(broken(m -> SyntheticBundle.obj(m, "latent").remove("channels")), "manifest.json", "latent.channels");
    }

    @Test
    void wrongType() throws Exception {
        BundleException e = broken(m -> SyntheticBundle.obj(m, "latent").put("channels", "sixteen"));
        assertNames(e, "manifest.json", "latent.channels");
        assertTrue(e.getMessage().endsWith("must be an integer"), e.getMessage()); // Jackson: "sixteen" is no int
        assertNames(broken(m -> SyntheticBundle.obj(m, "video").put("fps", -3)), "manifest.json", "video.fps");
        assertNames(broken(m -> m.put("video", 5)), "manifest.json", "video");
    }

    @Test
    void closedSetsNameTheFieldAndTheWords() throws Exception {
        BundleException e = broken(m -> SyntheticBundle.obj(m, "image").put("fit", "stretch"));
        assertNames(e, "manifest.json", "image.fit");
        assertTrue(e.getMessage().endsWith("must be one of [crop, pad], not 'stretch'"), e.getMessage());
        e = broken(m -> ((ObjectNode) SyntheticBundle.arr(m, "sampler", "schedules").get(0)).put("kind", "student"));
        assertNames(e, "manifest.json", "sampler.schedules[0].kind");
        assertTrue(e.getMessage().endsWith("must be one of [distilled, teacher], not 'student'"), e.getMessage());
        e = broken(m -> ((ObjectNode) SyntheticBundle.arr(m, "sampler", "schedules").get(0)).put("kind", "Teacher"));
        assertNames(e, "manifest.json", "sampler.schedules[0].kind"); // the manifest's words are lower case
    }

    @Test
    void bindingErrorsNameThePathAndTheType() throws Exception {
        BundleException e = broken(m -> ((ObjectNode) SyntheticBundle.arr(m, "graphs.decoder", "outputs").get(0)).put("dtype", "bfloat16"));
        assertNames(e, "manifest.json", "graphs.decoder.outputs[0].dtype");
        assertTrue(e.getMessage().endsWith("must be one of [float32, float16, int64, int32], not 'bfloat16'"), e.getMessage());
        e = broken(m -> SyntheticBundle.obj(m, "sampler").putNull("shift"));
        assertNames(e, "manifest.json", "sampler.shift");
        assertTrue(e.getMessage().endsWith("must be a finite number"), e.getMessage());
        e = broken(m -> SyntheticBundle.obj(m, "image").put("fit", 5));
        assertNames(e, "manifest.json", "image.fit");
        assertTrue(e.getMessage().endsWith("must be a string, not 5"), e.getMessage());
        e = broken(m -> ((com.fasterxml.jackson.databind.node.ArrayNode) SyntheticBundle.obj(m, "conditioning.camera_motion")
                .withArray("classes")).addNull());
        assertNames(e, "manifest.json", "conditioning.camera_motion.classes[7]");
        assertNames(broken(m -> SyntheticBundle.obj(m, "video").put("fps", new java.math.BigDecimal("1e999"))), "manifest.json", "video.fps");
        assertNames(broken(m -> SyntheticBundle.obj(m, "conditioning").remove("motion_score")),
                "manifest.json", "conditioning.motion_score");
    }

    @Test
    void rolesAreTheKnownOnes() throws Exception {
        BundleException e = broken(m -> SyntheticBundle.obj(m, "graphs").set("upscaler", SyntheticBundle.obj(m, "graphs.decoder")));
        assertNames(e, "manifest.json", "graphs.upscaler");
        assertTrue(e.getMessage().contains("is not a graph role"), e.getMessage());
        assertNames(broken(m -> SyntheticBundle.obj(m, "variants.desktop.graphs").put("upscaler", "desktop/decoder.onnx")),
                "manifest.json", "variants.desktop.graphs.upscaler");
        e = broken(m -> ((ObjectNode) SyntheticBundle.arr(m, "sampler", "schedules").get(0)).put("denoiser", "encoder"));
        assertNames(e, "manifest.json", "sampler.schedules[0].denoiser");
        assertTrue(e.getMessage().contains("not a denoiser"), e.getMessage());
    }

    @Test
    void wrongFormat() throws Exception {
        assertNames(broken(m -> m.put("format", "mobilei2v-bundle/9")), "manifest.json", "format");
    }

    @Test
    void frameCountMustMatchTemporalRatio() throws Exception {
        assertNames(broken(m -> SyntheticBundle.obj(m, "video").put("frames", 16)), "manifest.json", "video.frames");
    }

    @Test
    void latentTooSmallForVideo() throws Exception {
        assertNames(broken(m -> SyntheticBundle.obj(m, "latent").put("spatial_ratio", 8)), "manifest.json", "latent.height");
    }

    @Test
    void sigmasMustDecreaseToZero() throws Exception {
        assertNames(broken(m -> ((com.fasterxml.jackson.databind.node.ArrayNode) SyntheticBundle.arr(m, "sampler", "schedules").get(1).withArray("sigmas")).set(1, 1.5)),
                "manifest.json", "sampler.schedules[1].sigmas[1]");
        assertNames(broken(m -> ((com.fasterxml.jackson.databind.node.ArrayNode) SyntheticBundle.arr(m, "sampler", "schedules").get(0).withArray("sigmas")).set(1, 0.1)),
                "manifest.json", "sampler.schedules[0].sigmas[1]");
        assertNames(broken(m -> ((ObjectNode) SyntheticBundle.arr(m, "sampler", "schedules").get(0)).put("steps", 3)),
                "manifest.json", "sampler.schedules[0].sigmas");
    }

    @Test
    void scheduleDenoiserMustBeAGraph() throws Exception {
        assertNames(broken(m -> ((ObjectNode) SyntheticBundle.arr(m, "sampler", "schedules").get(0)).put("denoiser", "nope")),
                "manifest.json", "sampler.schedules[0].denoiser");
        assertNames(broken(m -> SyntheticBundle.obj(m, "sampler").put("default_schedule", "distilled-9")),
                "manifest.json", "sampler.default_schedule");
    }

    @Test
    void motionDefaultInRangeAndCameraDefaultListed() throws Exception {
        assertNames(broken(m -> SyntheticBundle.obj(m, "conditioning.motion_score").put("default", 9.0)),
                "manifest.json", "conditioning.motion_score.default");
        assertNames(broken(m -> SyntheticBundle.obj(m, "conditioning.camera_motion").put("default", "spin")),
                "manifest.json", "conditioning.camera_motion.default");
    }

    @Test
    void cameraMotionMayBeNull() throws Exception {
        SyntheticBundle.write(dir, m -> SyntheticBundle.obj(m, "conditioning").putNull("camera_motion"));
        assertTrue(ModelBundle.open(dir).conditioning().cameraMotion().isEmpty());
    }

    @Test
    void graphShapesMustAgreeWithLatentAndVideo() throws Exception {
        BundleException e = broken(m -> ((ObjectNode) SyntheticBundle.arr(m, "graphs.decoder", "inputs").get(0))
                .putArray("shape").add(1).add(16).add(9).add(15));
        assertNames(e, "manifest.json", "graphs.decoder.inputs[0].shape");
        assertNames(broken(m -> ((ObjectNode) SyntheticBundle.arr(m, "graphs.denoiser", "inputs").get(1)).put("name", "t")),
                "manifest.json", "graphs.denoiser.inputs[1].name");
        assertNames(broken(m -> ((ObjectNode) SyntheticBundle.arr(m, "graphs.denoiser", "inputs").get(3)).put("dtype", "float32")),
                "manifest.json", "graphs.denoiser.inputs[3].dtype");
        assertNames(broken(m -> SyntheticBundle.obj(m, "graphs").remove("decoder")), "manifest.json", "graphs.decoder");
    }

    @Test
    void variantGraphFileMustBeListedInFiles() throws Exception {
        assertNames(broken(m -> ((ObjectNode) m.get("files")).remove("mobile/decoder.onnx")),
                "manifest.json", "variants.mobile.graphs.decoder");
    }

    @Test
    void pathsMayNotLeaveTheBundle() throws Exception {
        assertNames(broken(m -> SyntheticBundle.obj(m, "variants.desktop.graphs").put("encoder", "../../etc/passwd")),
                "manifest.json", "variants.desktop.graphs.encoder");
    }

    @Test
    void flopsPerRole() throws Exception {
        assertNames(broken(m -> SyntheticBundle.obj(m, "flops").remove("decoder")), "manifest.json", "flops.decoder");
    }

    @Test
    void hashMismatchNamesTheFile() throws Exception {
        SyntheticBundle.write(dir, m -> { });
        byte[] content = Files.readAllBytes(dir.resolve("desktop/decoder.onnx"));
        content[0] ^= 1; // same size, different bytes
        Files.write(dir.resolve("desktop/decoder.onnx"), content);
        BundleException e = assertThrows(BundleException.class, () -> ModelBundle.open(dir));
        assertEquals("desktop/decoder.onnx", e.file());
        assertTrue(e.getMessage().contains("files.desktop/decoder.onnx.sha256"), e.getMessage());
    }

    @Test
    void sizeMismatchAndMissingFileNameTheFile() throws Exception {
        SyntheticBundle.write(dir, m -> { });
        Files.writeString(dir.resolve("mobile/encoder.onnx"), "short");
        BundleException e = assertThrows(BundleException.class, () -> ModelBundle.open(dir));
        assertEquals("mobile/encoder.onnx", e.file());
        assertTrue(e.getMessage().contains(".bytes"), e.getMessage());
        Files.delete(dir.resolve("mobile/encoder.onnx"));
        e = assertThrows(BundleException.class, () -> ModelBundle.open(dir));
        assertEquals("mobile/encoder.onnx", e.file());
        assertTrue(e.getMessage().contains("missing"), e.getMessage());
    }

    @Test
    void notJsonAndNoManifest() throws Exception {
        BundleException e = assertThrows(BundleException.class, () -> ModelBundle.open(dir));
        assertTrue(e.getMessage().startsWith("manifest.json: missing"), e.getMessage());
        Files.writeString(dir.resolve("manifest.json"), "{ \"format\": ");
        e = assertThrows(BundleException.class, () -> ModelBundle.open(dir));
        assertTrue(e.getMessage().startsWith("manifest.json: is not valid JSON"), e.getMessage());
        e = assertThrows(BundleException.class, () -> ModelBundle.open(dir.resolve("nowhere")));
        assertTrue(e.getMessage().contains("not a model bundle folder"), e.getMessage());
    }

    @Test
    void unknownVariant() throws Exception {
        SyntheticBundle.write(dir, m -> { });
        BundleException e = assertThrows(BundleException.class, () -> ModelBundle.open(dir).variant("tablet"));
        assertNames(e, "manifest.json", "variants.tablet");
    }
}
