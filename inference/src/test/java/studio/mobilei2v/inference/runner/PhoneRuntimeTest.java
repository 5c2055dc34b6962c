package studio.mobilei2v.inference.runner;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtProvider;
import org.junit.jupiter.api.Test;

import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The runner's phone choices, as far as a desktop JVM can check them (no ART here). */
class PhoneRuntimeTest {
    @Test
    void autoPicksXnnpackOnlyWhereTheRuntimeHasIt() {
        // onnxruntime-android lists XNNPACK (and NNAPI); the desktop jar lists CPU only
        assertEquals("xnnpack", PhoneRuntime.executionProvider("auto", Set.of("CPU", "NNAPI", "XNNPACK")));
        assertEquals("cpu", PhoneRuntime.executionProvider("auto", Set.of("CPU")));
        assertEquals("cpu", PhoneRuntime.executionProvider("AUTO", Set.of("CPU")));
        assertEquals("xnnpack", PhoneRuntime.executionProvider(null, Set.of("CPU", "XNNPACK")));
    }

    @Test
    void anExplicitProviderIsKept() {
        assertEquals("cpu", PhoneRuntime.executionProvider("cpu", Set.of("CPU", "XNNPACK")));
        assertEquals("nnapi", PhoneRuntime.executionProvider("nnapi", Set.of("CPU", "NNAPI", "XNNPACK")));
    }

    @Test
    void providerNamesMatchWhatTheRuntimeReports() {
        // the names compared above are OrtProvider enum names
        assertEquals("XNNPACK", OrtProvider.XNNPACK.name());
        assertTrue(OrtEnvironment.getAvailableProviders().contains(OrtProvider.CPU));
    }

    @Test
    void onADesktopJvmNothingIsPreloadedAndThreadsFollowTheOption() {
        assertFalse(PhoneRuntime.isArt(), "this test runs on a JVM, not ART");
        assertDoesNotThrow(PhoneRuntime::preloadOnnxRuntime);
        assertEquals(3, PhoneRuntime.threads(3));
        int big = PhoneRuntime.threads(0);
        assertTrue(big >= 1 && big <= Runtime.getRuntime().availableProcessors(), "big cores: " + big);
    }
}
