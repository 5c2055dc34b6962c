package studio.mobilei2v.inference.local;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OrtProfileSummaryTest {

    @Test
    void sumsKernelTimePerOperatorAcrossCalls(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("p.json");
        Files.writeString(f, """
                [{"cat":"Session","name":"model_loading_uri","dur":900},
                 {"cat":"Session","name":"model_run","dur":500},
                 {"cat":"Node","name":"mm1_fence_before","dur":1,"args":{"op_name":"MatMul"}},
                 {"cat":"Node","name":"mm1_kernel_time","dur":300,"args":{"op_name":"MatMul"}},
                 {"cat":"Node","name":"sm_kernel_time","dur":100,"args":{"op_name":"Softmax"}},
                 {"cat":"Session","name":"model_run","dur":500},
                 {"cat":"Node","name":"mm1_kernel_time","dur":300,"args":{"op_name":"MatMul"}},
                 {"cat":"Node","name":"mm2_kernel_time","dur":200,"args":{"op_name":"MatMul"}},
                 {"cat":"Node","name":"sm_kernel_time","dur":100,"args":{"op_name":"Softmax"}}]
                """);
        OrtProfileSummary s = OrtProfileSummary.read(f);
        assertEquals(2, s.runs());
        assertEquals(1.0, s.kernelMs(), 1e-9);
        assertEquals("MatMul", s.ops().get(0).op());
        assertEquals(2, s.ops().get(0).nodes());
        assertEquals(0.8, s.ops().get(0).totalMs(), 1e-9);
        assertEquals(0.8, s.ops().get(0).share(), 1e-9);
        assertEquals("Softmax", s.ops().get(1).op());
        assertEquals(0.2, s.ops().get(1).share(), 1e-9);
    }

    @Test
    void refusesAFileThatIsNotAProfileAndNamesIt(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("not-a-profile.json");
        Files.writeString(f, "{\"a\":1}");
        IOException e = assertThrows(IOException.class, () -> OrtProfileSummary.read(f));
        assertTrue(e.getMessage().contains("not-a-profile.json"), e.getMessage());
    }
}
