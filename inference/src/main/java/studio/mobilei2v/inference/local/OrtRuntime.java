package studio.mobilei2v.inference.local;

import ai.onnxruntime.OrtEnvironment;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The one ONNX Runtime environment of the process, created behind a guard: ONNX Runtime 1.29.0's
 * native environment creation crashes the JVM (SIGSEGV, no hs_err file) when the process command
 * line (/proc/self/cmdline) is longer than about 3980 bytes - measured here: 3980 bytes works,
 * 3982 crashes, whether the length comes from the class path or from program arguments. A long
 * {@code -cp} list of jars is the usual way to get there. We refuse with a message instead of
 * letting the process die; a class-path wildcard ({@code -cp 'lib/*'}), the CLASSPATH variable or
 * a {@code java @argfile} keeps the command line short.
 */
public final class OrtRuntime {
    /** Command lines at or above this many bytes are refused (a little under the crash point). */
    public static final int MAX_COMMAND_LINE_BYTES = 3950;

    private OrtRuntime() {
    }

    /** The shared environment; throws instead of crashing when the command line is too long. */
    public static synchronized OrtEnvironment environment() {
        int len = commandLineBytes();
        if (len >= MAX_COMMAND_LINE_BYTES) {
            throw new IllegalStateException("this Java process's command line is " + len
                    + " bytes; ONNX Runtime 1.29.0 crashes the JVM above about 3980 bytes. Start Java with a"
                    + " class-path wildcard (-cp 'lib/*'), the CLASSPATH variable or an @argfile instead of a long -cp list");
        }
        return OrtEnvironment.getEnvironment();
    }

    /** Length of /proc/self/cmdline (0 where there is no /proc). */
    static int commandLineBytes() {
        try {
            return Files.readAllBytes(Path.of("/proc/self/cmdline")).length;
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }
}
