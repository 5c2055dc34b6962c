package studio.mobilei2v.bridge.runner;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import studio.mobilei2v.bridge.BridgeException;
import studio.mobilei2v.bridge.build.RunnerDexBuilder;

import javax.tools.ToolProvider;
import java.io.InputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

import static org.junit.jupiter.api.Assertions.*;

/**
 * What a build with {@code -P onnxruntime-android} does, on a stand-in AAR (ours cannot be
 * downloaded here): RunnerDexBuilder adds the AAR's classes to the DEX, packs its
 * {@code jni/ABI/*.so} beside it and lists them; the bridge, reading that output as it reads
 * the build's class path (no test switch), accepts Android devices and finds the libraries of a
 * phone's ABI. The stand-in AAR holds one compiled stand-in class and small stand-in library
 * files; the real AAR's contents are not checked here.
 */
class OnnxRuntimeAndroidPackingTest {
    private static final Map<String, String> LIBRARIES = Map.of(
            "jni/arm64-v8a/libonnxruntime.so", "arm64 ort",
            "jni/arm64-v8a/libonnxruntime4j_jni.so", "arm64 jni",
            "jni/x86_64/libonnxruntime.so", "x86_64 ort",
            "jni/x86_64/libonnxruntime4j_jni.so", "x86_64 jni");

    private static Path standInAar(Path tmp) throws Exception {
        Path src = tmp.resolve("src/ai/onnxruntime/OrtEnvironment.java");
        Files.createDirectories(src.getParent());
        Files.writeString(src, "package ai.onnxruntime;\n/** stand-in */\npublic final class OrtEnvironment {\n}\n");
        Path classes = Files.createDirectories(tmp.resolve("classes"));
        assertEquals(0, ToolProvider.getSystemJavaCompiler().run(null, null, null, "--release", "11", "-d", classes.toString(),
                src.toString()));
        Path aar = Files.createDirectories(tmp.resolve("aar")).resolve("onnxruntime-android-stand-in.aar");
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(aar))) {
            zip.putNextEntry(new ZipEntry("classes.jar"));
            ZipOutputStream inner = new ZipOutputStream(zip);
            inner.putNextEntry(new ZipEntry("ai/onnxruntime/OrtEnvironment.class"));
            inner.write(Files.readAllBytes(classes.resolve("ai/onnxruntime/OrtEnvironment.class")));
            inner.closeEntry();
            inner.finish(); // ends the inner jar, leaves the AAR open
            zip.closeEntry();
            for (Map.Entry<String, String> lib : LIBRARIES.entrySet()) {
                zip.putNextEntry(new ZipEntry(lib.getKey()));
                zip.write(lib.getValue().getBytes(StandardCharsets.UTF_8));
                zip.closeEntry();
            }
        }
        return aar;
    }

    @Test
    void aBuildWithTheAarPacksItsLibrariesAndTheBridgeFindsThemPerAbi(@TempDir Path tmp) throws Exception {
        Path aar = standInAar(tmp);
        Path out = tmp.resolve("classes-out");
        RunnerDexBuilder.main(new String[]{out.toString(), tmp.resolve("work").toString(), aar.getParent().toString()});

        Path hostCache = tmp.resolve("host-cache");
        try (URLClassLoader built = new URLClassLoader(new URL[]{out.toUri().toURL()}, null)) {
            AndroidRunnerSupport android = AndroidRunnerSupport.fromResources(built);
            assertDoesNotThrow(() -> android.requireReady("R58M123"), "with the AAR an Android device is accepted");

            Map<String, Path> arm = android.nativeLibraries("arm64-v8a", hostCache);
            assertEquals(Set.of("libonnxruntime.so", "libonnxruntime4j_jni.so"), arm.keySet());
            assertEquals("arm64 ort", Files.readString(arm.get("libonnxruntime.so")));
            assertEquals("arm64 jni", Files.readString(arm.get("libonnxruntime4j_jni.so")));
            assertEquals("x86_64 jni", Files.readString(android.nativeLibraries("x86_64", hostCache).get("libonnxruntime4j_jni.so")));
            BridgeException e = assertThrows(BridgeException.class, () -> android.nativeLibraries("armeabi-v7a", hostCache));
            assertTrue(e.getMessage().contains("'armeabi-v7a'") && e.getMessage().contains("arm64-v8a, x86_64"), e.getMessage());

            byte[] dex = null;
            try (InputStream in = Files.newInputStream(android.dexJar(hostCache)); ZipInputStream zip = new ZipInputStream(in)) {
                for (ZipEntry z; (z = zip.getNextEntry()) != null; ) {
                    if (z.getName().equals("classes.dex")) {
                        dex = zip.readAllBytes();
                    }
                }
            }
            assertNotNull(dex);
            Set<String> classes = RunnerDexTest.classNames(ByteBuffer.wrap(dex).order(ByteOrder.LITTLE_ENDIAN));
            assertTrue(classes.contains("Lai/onnxruntime/OrtEnvironment;"), "the AAR's classes are in the DEX");
            assertTrue(classes.contains("Lstudio/mobilei2v/inference/runner/RunnerMain;"));
        }
    }

    @Test
    void theBuildOnThisMachineHasNoAarAndSaysSo() {
        // our registry does not serve onnxruntime-android: the real build path stays the refusal
        if (!AndroidRunnerSupport.hasOnnxRuntimeAndroid()) {
            BridgeException e = assertThrows(BridgeException.class, () -> AndroidRunnerSupport.build().requireReady("R58M123"));
            assertEquals(AndroidRunnerSupport.missingOnnxRuntimeMessage("R58M123"), e.getMessage());
        }
    }
}
