package studio.mobilei2v.inference.local;

import ai.onnxruntime.OrtProvider;
import org.junit.jupiter.api.Test;
import studio.mobilei2v.inference.ExecutionProvider;
import studio.mobilei2v.inference.bundle.BundleException;
import studio.mobilei2v.inference.bundle.ModelBundle;
import studio.mobilei2v.inference.testing.NanoBundle;

import java.util.EnumSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

/** Execution providers: names, what this ONNX Runtime build has, and a clear refusal of one it lacks. */
class ProvidersTest {
    @Test
    void namesParseInAnyCaseAndABadOneListsTheChoices() {
        assertEquals(ExecutionProvider.CUDA, ExecutionProvider.parse("Cuda"));
        assertEquals("cuda", ExecutionProvider.CUDA.optionName());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ExecutionProvider.parse("tpu"));
        assertEquals("execution provider must be cpu, cuda, xnnpack or nnapi, not tpu", e.getMessage());
    }

    @Test
    void onlyProvidersOfTheBuildAreAvailable() {
        assertEquals(EnumSet.of(ExecutionProvider.CPU), Providers.available(EnumSet.of(OrtProvider.CPU, OrtProvider.DNNL)));
        assertTrue(Providers.available().contains(ExecutionProvider.CPU));
        assertDoesNotThrow(() -> Providers.require(ExecutionProvider.CPU));
    }

    @Test
    void cudaOnTheCpuBuildSaysWhichBuildHasIt() {
        Providers.MissingProviderException e = assertThrows(Providers.MissingProviderException.class,
                () -> Providers.require(ExecutionProvider.CUDA, Set.of(ExecutionProvider.CPU)));
        assertEquals(ExecutionProvider.CUDA, e.provider());
        assertEquals("execution provider CUDA is not in this ONNX Runtime build (it has CPU); CUDA is in the"
                + " onnxruntime_gpu build (Maven profile gpu)", e.getMessage());
    }

    @Test
    void aGeneratorAskedForCudaOnTheCpuBuildRefusesClearly() throws Exception {
        assumeFalse(Providers.available().contains(ExecutionProvider.CUDA), "this ONNX Runtime has CUDA (built with -Pgpu)");
        ModelBundle bundle = ModelBundle.open(NanoBundle.require());
        try (LocalVideoGenerator g = LocalVideoGenerator.open(bundle,
                LocalOptions.defaults().withExecutionProvider(ExecutionProvider.CUDA))) {
            BundleException e = assertThrows(BundleException.class, g::warmUp);
            assertTrue(e.getMessage().contains("onnxruntime_gpu") && e.getMessage().contains("CUDA"), e.getMessage());
            assertEquals(ExecutionProvider.CUDA, g.info().executionProvider());
        }
    }
}
