package studio.mobilei2v.inference.bundle;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import studio.mobilei2v.inference.GenerationException;
import studio.mobilei2v.inference.GenerationRequest;
import studio.mobilei2v.inference.ModelImage;
import studio.mobilei2v.inference.local.LocalOptions;
import studio.mobilei2v.inference.local.LocalVideoGenerator;
import studio.mobilei2v.inference.testing.NanoBundle;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.function.Consumer;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The real bundle copied to a temporary folder and broken in one way at a time: each failure
 * names the file and the field.
 */
class RealBundleCorruptionTest {
    @TempDir
    Path tmp;
    Path copy;

    @BeforeEach
    void copyBundle() throws Exception {
        Path src = NanoBundle.require();
        copy = tmp.resolve("bundle");
        try (Stream<Path> files = Files.walk(src)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                Path dst = copy.resolve(src.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(dst);
                } else {
                    Files.copy(p, dst, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    private void editManifest(Consumer<ObjectNode> edit) throws Exception {
        Path m = copy.resolve("manifest.json");
        ObjectNode root = (ObjectNode) SyntheticBundle.JSON.readTree(m.toFile());
        edit.accept(root);
        Files.write(m, SyntheticBundle.JSON.writeValueAsBytes(root));
    }

    @Test
    void untouchedCopyOpens() throws Exception {
        ModelBundle b = ModelBundle.open(copy);
        assertEquals("mobilei2v-nano", b.name());
    }

    @Test
    void missingField() throws Exception {
        editManifest(m -> ((ObjectNode) m.get("sampler")).remove("shift"));
        BundleException e = assertThrows(BundleException.class, () -> ModelBundle.open(copy));
        assertEquals("manifest.json", e.file());
        assertEquals("sampler.shift", e.field());
        assertEquals("manifest.json: field 'sampler.shift' is missing", e.getMessage());
    }

    @Test
    void wrongType() throws Exception {
        editManifest(m -> ((ObjectNode) m.get("video")).put("frames", "17"));
        BundleException e = assertThrows(BundleException.class, () -> ModelBundle.open(copy));
        assertEquals("manifest.json: field 'video.frames' must be an integer", e.getMessage()); // "17" is not 17
    }

    @Test
    void hashMismatch() throws Exception {
        Path dec = copy.resolve("desktop/decoder.onnx");
        byte[] b = Files.readAllBytes(dec);
        b[b.length - 1] ^= 0x55;
        Files.write(dec, b);
        BundleException e = assertThrows(BundleException.class, () -> ModelBundle.open(copy));
        assertEquals("desktop/decoder.onnx", e.file());
        assertTrue(e.getMessage().startsWith("desktop/decoder.onnx: has SHA-256 "), e.getMessage());
        assertTrue(e.getMessage().contains("manifest.json field 'files.desktop/decoder.onnx.sha256'"), e.getMessage());
    }

    @Test
    void missingFile() throws Exception {
        Files.delete(copy.resolve("mobile/encoder.onnx"));
        BundleException e = assertThrows(BundleException.class, () -> ModelBundle.open(copy));
        assertEquals("mobile/encoder.onnx", e.file());
        assertTrue(e.getMessage().contains("is missing") && e.getMessage().contains("files.mobile/encoder.onnx"), e.getMessage());
    }

    @Test
    void wrongGraphInputNameInTheManifest() throws Exception {
        editManifest(m -> ((ObjectNode) ((ArrayNode) m.get("graphs").get("decoder").get("inputs")).get(2)).put("name", "phse"));
        BundleException e = assertThrows(BundleException.class, () -> ModelBundle.open(copy));
        assertEquals("manifest.json", e.file());
        assertEquals("graphs.decoder.inputs[2].name", e.field());
    }

    private BundleException sessionFailure() throws Exception {
        ModelBundle b = ModelBundle.open(copy); // manifest itself is consistent
        try (LocalVideoGenerator g = LocalVideoGenerator.open(b, LocalOptions.defaults().withThreads(1))) {
            BundleException direct = assertThrows(BundleException.class, g::warmUp);
            // the same problem reaches generate() callers as a GenerationException caused by it
            ModelImage img = ModelImage.ofPixels(b.video().width(), b.video().height(),
                    new byte[b.video().width() * b.video().height() * 3]);
            GenerationException ge = assertThrows(GenerationException.class, () -> g.generate(GenerationRequest.of(img, 0), null, null));
            assertInstanceOf(BundleException.class, ge.getCause());
            assertEquals(direct.getMessage(), ge.getMessage());
            return direct;
        }
    }

    @Test
    void graphDtypeDisagreesWithTheOnnxFile() throws Exception {
        // int32 is a legal camera dtype for the contract, but the exported graph takes int64
        editManifest(m -> ((ObjectNode) ((ArrayNode) m.get("graphs").get("denoiser").get("inputs")).get(3)).put("dtype", "int32"));
        BundleException e = sessionFailure();
        assertEquals("desktop/denoiser.onnx", e.file());
        assertEquals("manifest.json graphs.denoiser.inputs[3].dtype", e.field());
        assertTrue(e.getMessage().contains("int64 in the graph but int32 in the manifest"), e.getMessage());
    }

    @Test
    void graphHasAnInputTheManifestDoesNotList() throws Exception {
        editManifest(m -> ((ArrayNode) m.get("graphs").get("denoiser").get("inputs")).remove(2)); // motion_score
        BundleException e = sessionFailure();
        assertEquals("desktop/denoiser.onnx", e.file());
        assertTrue(e.getMessage().contains("does not list the graph input 'motion_score'"), e.getMessage());
    }

    @Test
    void graphFileThatIsNotOnnx() throws Exception {
        Path enc = copy.resolve("desktop/encoder.onnx");
        byte[] junk = "definitely not a protobuf".getBytes();
        Files.write(enc, junk);
        editManifest(m -> {
            ObjectNode entry = (ObjectNode) m.get("files").get("desktop/encoder.onnx");
            try {
                entry.put("sha256", studio.mobilei2v.inference.Hex.sha256(junk));
            } catch (Exception ex) {
                throw new RuntimeException(ex);
            }
            entry.put("bytes", junk.length);
        });
        BundleException e = sessionFailure();
        assertEquals("desktop/encoder.onnx", e.file());
        assertTrue(e.getMessage().contains("not a loadable ONNX graph"), e.getMessage());
    }
}
