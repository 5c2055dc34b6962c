package studio.mobilei2v.inference.bundle;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import studio.mobilei2v.inference.testing.ExternalDataNano;

import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** docs/BUNDLE.md "files": a graph's external data is listed, verified and named in every error. */
class ExternalDataRulesTest {
    private static final String GRAPH = "desktop/denoiser.onnx";
    private static final String DATA = GRAPH + ".data";

    @TempDir
    Path tmp;

    private Path bundle() throws Exception {
        return ExternalDataNano.write(tmp.resolve("b"), GRAPH);
    }

    @Test
    void aListedDataFileOfAGraphOpensAndIsReported() throws Exception {
        ModelBundle b = ModelBundle.open(bundle(), ModelBundle.HashCheck.FULL);
        assertEquals(List.of(DATA), b.externalData(GRAPH));
        assertEquals(List.of(), b.externalData("desktop/decoder.onnx"));
        assertTrue(Files.size(b.resolve(GRAPH)) < 4_000_000, "the graph without its weights");
        assertTrue(Files.size(b.resolve(DATA)) > 8_000_000, "the weights beside it");
    }

    @Test
    void aMissingDataFileIsNamed() throws Exception {
        Path dir = bundle();
        Files.delete(dir.resolve(DATA));
        BundleException e = assertThrows(BundleException.class, () -> ModelBundle.open(dir));
        assertEquals(DATA, e.file());
        assertEquals(DATA + ": is missing (listed in manifest.json field 'files." + DATA + "')", e.getMessage());
    }

    @Test
    void aTruncatedDataFileIsNamedWhetherTheManifestAgreesOrNot() throws Exception {
        Path dir = bundle();
        long full = Files.size(dir.resolve(DATA));
        try (FileChannel ch = FileChannel.open(dir.resolve(DATA), StandardOpenOption.WRITE)) {
            ch.truncate(full / 2);
        }
        BundleException e = assertThrows(BundleException.class, () -> ModelBundle.open(dir));
        assertEquals(DATA, e.file());
        assertTrue(e.getMessage().contains("has " + full / 2 + " bytes but manifest.json field 'files." + DATA
                + ".bytes' says " + full + " (truncated or replaced file)"), e.getMessage());

        ObjectNode m = ExternalDataNano.manifest(dir);   // a manifest written for the short file
        ExternalDataNano.list((ObjectNode) m.get("files"), DATA, dir.resolve(DATA));
        ExternalDataNano.writeManifest(dir, m);
        e = assertThrows(BundleException.class, () -> ModelBundle.open(dir));
        assertEquals(DATA, e.file());
        assertTrue(e.getMessage().startsWith(DATA + ": has " + full / 2 + " bytes but graph '" + GRAPH + "' reads tensor '"),
                e.getMessage());
        assertTrue(e.getMessage().endsWith("(truncated data file, or a graph from another export)"), e.getMessage());
    }

    @Test
    void aCorruptDataFileIsNamed() throws Exception {
        Path dir = bundle();
        try (FileChannel ch = FileChannel.open(dir.resolve(DATA), StandardOpenOption.WRITE)) {
            ch.write(java.nio.ByteBuffer.wrap(new byte[]{1, 2, 3, 4}), 5000);
        }
        BundleException e = assertThrows(BundleException.class, () -> ModelBundle.open(dir, ModelBundle.HashCheck.FULL));
        assertEquals(DATA, e.file());
        assertTrue(e.getMessage().contains("(corrupt or replaced file)"), e.getMessage());
    }

    @Test
    void anUnlistedDataFileOfAGraphIsNamedAndSoIsAMissingOne() throws Exception {
        Path dir = bundle();
        ObjectNode m = ExternalDataNano.manifest(dir);
        ((ObjectNode) m.get("files")).remove(DATA);
        ExternalDataNano.writeManifest(dir, m);
        BundleException e = assertThrows(BundleException.class, () -> ModelBundle.open(dir));
        assertEquals(DATA, e.file());
        assertTrue(e.getMessage().startsWith(DATA + ": is the external data of graph '" + GRAPH + "' (tensor '"), e.getMessage());
        assertTrue(e.getMessage().endsWith("but is not listed in manifest.json field 'files'"), e.getMessage());

        Files.delete(dir.resolve(DATA));
        e = assertThrows(BundleException.class, () -> ModelBundle.open(dir));
        assertTrue(e.getMessage().endsWith("but is not listed in manifest.json field 'files', and it is missing"),
                e.getMessage());
    }

    @Test
    void aListedDataFileThatNoGraphReadsIsRefused() throws Exception {
        Path dir = bundle();
        Path stray = dir.resolve("mobile/denoiser.onnx.data");
        Files.write(stray, new byte[16]);
        ObjectNode m = ExternalDataNano.manifest(dir);
        ExternalDataNano.list((ObjectNode) m.get("files"), "mobile/denoiser.onnx.data", stray);
        ExternalDataNano.writeManifest(dir, m);
        BundleException e = assertThrows(BundleException.class, () -> ModelBundle.open(dir));
        assertEquals("manifest.json: field 'files.mobile/denoiser.onnx.data' names a data file that no variant's graph "
                + "reads (a '.data' file must be the external data of a graph)", e.getMessage());
    }
}
