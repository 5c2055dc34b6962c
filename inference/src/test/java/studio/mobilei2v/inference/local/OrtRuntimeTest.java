package studio.mobilei2v.inference.local;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.*;

class OrtRuntimeTest {
    @Test
    void measuresTheCommandLineAndCreatesTheEnvironmentWhenItIsShort() {
        if (Files.isReadable(Path.of("/proc/self/cmdline"))) {
            int len = OrtRuntime.commandLineBytes();
            assertTrue(len > 4, "java's own command line has at least 'java'");
            assertTrue(len < OrtRuntime.MAX_COMMAND_LINE_BYTES, "surefire keeps the command line short: " + len);
        }
        assertNotNull(OrtRuntime.environment());
        assertSame(OrtRuntime.environment(), OrtRuntime.environment());
    }
}
