package studio.mobilei2v.bridge.runner;

import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Properties;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The Android runner DEX that the build made with d8: a real DEX file (magic, header checksum
 * fields, class definitions) whose class list holds the runner's main class and protocol.
 * No phone exists here, so this is as far as the Android path can be checked.
 */
class RunnerDexTest {

    @Test
    void theBuildPackedARunnerDexWithTheRunnerClasses() throws Exception {
        assertTrue(AndroidRunnerSupport.hasDex(), "the build must have run d8 (process-classes): " + AndroidRunnerSupport.DEX);
        byte[] dex = null;
        int dexFiles = 0;
        try (InputStream in = getClass().getClassLoader().getResourceAsStream(AndroidRunnerSupport.DEX);
             ZipInputStream zip = new ZipInputStream(in)) {
            for (ZipEntry e; (e = zip.getNextEntry()) != null; ) {
                if (e.getName().matches("classes\\d*\\.dex")) {
                    dexFiles++;
                    if (e.getName().equals("classes.dex")) {
                        dex = zip.readAllBytes();
                    }
                }
            }
        }
        assertNotNull(dex, "classes.dex inside " + AndroidRunnerSupport.DEX);
        assertEquals(1, dexFiles, "the runner fits one DEX (no multidex needed by app_process)");
        assertEquals("dex\n", new String(dex, 0, 4, StandardCharsets.US_ASCII));
        int version = Integer.parseInt(new String(dex, 4, 3, StandardCharsets.US_ASCII));
        assertTrue(version >= 35 && version <= 41, "DEX version " + version);
        assertEquals(0, dex[7]);
        ByteBuffer b = ByteBuffer.wrap(dex).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(dex.length, b.getInt(0x20), "file_size field");
        assertEquals(0x70, b.getInt(0x24), "header_size");
        assertEquals(0x12345678, b.getInt(0x28), "endian_tag");
        Set<String> classes = classNames(b);
        assertTrue(classes.contains("Lstudio/mobilei2v/inference/runner/RunnerMain;"), "RunnerMain is in the DEX");
        assertTrue(classes.contains("Lstudio/mobilei2v/inference/runner/JobProtocol;"));
        assertTrue(classes.contains("Lstudio/mobilei2v/inference/local/LocalVideoGenerator;"));
        assertTrue(classes.contains("Lcom/fasterxml/jackson/databind/ObjectMapper;"));

        Properties p = AndroidRunnerSupport.buildInfo();
        assertEquals("studio.mobilei2v.inference.runner.RunnerMain", p.getProperty("dex.main"));
        boolean ort = AndroidRunnerSupport.hasOnnxRuntimeAndroid();
        assertEquals(ort, classes.contains("Lai/onnxruntime/OrtEnvironment;"),
                "ONNX Runtime classes are in the DEX exactly when the onnxruntime-android profile bundled them");
    }

    @Test
    void withoutOnnxRuntimeAndroidTheMessageSaysWhatAndHow() {
        String m = AndroidRunnerSupport.missingOnnxRuntimeMessage("R58M123");
        assertTrue(m.contains("R58M123"));
        assertTrue(m.contains("com.microsoft.onnxruntime:onnxruntime-android"));
        assertTrue(m.contains("-P onnxruntime-android"));
    }

    /** Type descriptors of every class_def: class_idx -> type_ids -> string_ids -> MUTF-8 data. */
    static Set<String> classNames(ByteBuffer b) {
        int stringIdsOff = b.getInt(0x3C);
        int typeIdsOff = b.getInt(0x44);
        int classDefsSize = b.getInt(0x60);
        int classDefsOff = b.getInt(0x64);
        Set<String> out = new HashSet<>();
        for (int i = 0; i < classDefsSize; i++) {
            int classIdx = b.getInt(classDefsOff + i * 32);
            int descriptorIdx = b.getInt(typeIdsOff + classIdx * 4);
            int dataOff = b.getInt(stringIdsOff + descriptorIdx * 4);
            int p = dataOff;
            while ((b.get(p) & 0x80) != 0) {
                p++; // skip the uleb128 length
            }
            p++;
            int end = p;
            while (b.get(end) != 0) {
                end++;
            }
            byte[] s = new byte[end - p];
            b.get(p, s);
            out.add(new String(s, StandardCharsets.UTF_8));
        }
        return out;
    }
}
