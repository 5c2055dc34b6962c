package studio.mobilei2v.inference.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code /usr/bin/python3} with torch and onnx, for tests that make bundles with the model/
 * scripts. Without them the test is skipped (failed under {@code MOBILEI2V_CI=1}, see
 * {@link Requirements}); a script that fails fails the test with its output.
 */
public final class PythonTorch {
    public static final Path PYTHON = Path.of("/usr/bin/python3");
    private static String missing; // why python3 cannot be used; "" when it can; null before the first check

    private PythonTorch() {
    }

    /** True when python3 imports torch and onnx (checked once per JVM). */
    public static synchronized boolean available() {
        if (missing == null) {
            missing = check();
        }
        return missing.isEmpty();
    }

    /** Skips the test (fails it under CI) unless python3 with torch and onnx is there. */
    public static void require() {
        Requirements.require(available(), missing + " (Debian: apt-get install python3-torch; pip install onnx)");
    }

    private static String check() {
        if (!Files.isExecutable(PYTHON)) {
            return PYTHON + " is absent";
        }
        try {
            Result r = exec(120, List.of(PYTHON.toString(), "-c", "import torch, onnx"));
            return r.exit == 0 ? "" : PYTHON + " cannot import torch and onnx: " + r.lastLine();
        } catch (IOException e) {
            return PYTHON + " cannot be started: " + e.getMessage();
        }
    }

    /**
     * Runs {@code model/<script>} with {@code args} in the repository root and returns its output.
     *
     * @throws AssertionError when it exits non-zero or runs past {@code timeoutSeconds}
     */
    public static String runModelScript(int timeoutSeconds, String script, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(PYTHON.toString(), "model/" + script));
        cmd.addAll(List.of(args));
        Result r = exec(timeoutSeconds, cmd);
        if (r.exit != 0) {
            throw new AssertionError(String.join(" ", cmd) + " exited with " + r.exit + ":\n" + r.output);
        }
        return r.output;
    }

    private record Result(int exit, String output) {
        String lastLine() {
            String[] lines = output.strip().split("\n");
            return lines[lines.length - 1];
        }
    }

    private static Result exec(int timeoutSeconds, List<String> cmd) throws IOException {
        Path log = Files.createTempFile("mobilei2v-python", ".log"); // a file, so a chatty script never blocks on a full pipe
        try {
            Process p = new ProcessBuilder(cmd).directory(Requirements.repoRoot().toFile()).redirectErrorStream(true)
                    .redirectOutput(log.toFile()).start();
            try {
                p.getOutputStream().close();
                if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    throw new AssertionError(String.join(" ", cmd) + " ran past " + timeoutSeconds + " s");
                }
            } catch (InterruptedException e) {
                p.destroyForcibly();
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while running " + cmd, e);
            }
            return new Result(p.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(log);
        }
    }
}
