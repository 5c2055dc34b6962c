package studio.mobilei2v.inference.runner;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtProvider;
import org.junit.jupiter.api.Test;
import studio.mobilei2v.inference.ExecutionProvider;

import java.util.Set;

import static studio.mobilei2v.inference.ExecutionProvider.CPU;
import static studio.mobilei2v.inference.ExecutionProvider.CUDA;
import static studio.mobilei2v.inference.ExecutionProvider.NNAPI;
import static studio.mobilei2v.inference.ExecutionProvider.XNNPACK;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The runner's phone choices, as far as a desktop JVM can check them (no ART here). */
class PhoneRuntimeTest {
    @Test
    void autoPicksXnnpackOnlyWhereTheRuntimeHasIt() {
        // onnxruntime-android lists XNNPACK (and NNAPI); the desktop jar lists CPU only
        assertEquals(XNNPACK, PhoneRuntime.executionProvider(null, Set.of(CPU, NNAPI, XNNPACK)));
        assertEquals(CPU, PhoneRuntime.executionProvider(null, Set.of(CPU)));
        assertEquals(CPU, PhoneRuntime.executionProvider(null, Set.of(CPU, CUDA)));
    }

    @Test
    void anExplicitProviderIsKept() {
        assertEquals(CPU, PhoneRuntime.executionProvider(CPU, Set.of(CPU, XNNPACK)));
        assertEquals(NNAPI, PhoneRuntime.executionProvider(NNAPI, Set.of(CPU, NNAPI, XNNPACK)));
    }

    @Test
    void theRunnerReadsEpAutoAsNoChoiceAndNamesABadOne() {
        String[] base = {"--bundle", "/b", "--ep"};
        assertNull(RunnerOptions.parse(args(base, "AUTO")).executionProvider());
        assertEquals(CUDA, RunnerOptions.parse(args(base, "cuda")).executionProvider());
        assertEquals(CPU, RunnerOptions.parse(new String[] {"--bundle", "/b"}).executionProvider());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RunnerOptions.parse(args(base, "tpu")));
        assertTrue(e.getMessage().contains("cpu, cuda, xnnpack or nnapi") && e.getMessage().contains("tpu"), e.getMessage());
    }

    private static String[] args(String[] base, String last) {
        String[] a = java.util.Arrays.copyOf(base, base.length + 1);
        a[base.length] = last;
        return a;
    }

    @Test
    void providerNamesMatchWhatTheRuntimeReports() {
        for (ExecutionProvider p : ExecutionProvider.values()) {
            assertEquals(p.name(), p.ortProvider().name(), "reports write ONNX Runtime's own names");
        }
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
