package studio.mobilei2v.bridge.runner;

import studio.mobilei2v.bridge.ShellCommand;

import java.util.ArrayList;
import java.util.List;

/**
 * The device shell line that starts the runner: {@code java -cp JARS} on a device with a JVM, or
 * (like scrcpy) {@code CLASSPATH=DEX app_process / MAIN} on Android. Both run inside the work
 * folder's own HOME and XDG_CACHE_HOME (ONNX Runtime writes under ~/.cache, and {@code clean}
 * must be able to remove everything we caused) with a temporary folder there too. Every value
 * is quoted by {@link ShellCommand}; nothing here is shell text made from data.
 */
public final class RunnerLaunch {
    public static final String RUNNER_MAIN = RunnerArtifacts.RUNNER_MAIN;

    private RunnerLaunch() {
    }

    /**
     * The runner's own arguments (see the inference module's RunnerOptions).
     *
     * @param listen tcp:0 for a JVM device, localabstract:NAME on Android
     */
    public record Args(String bundleDir, String variant, int threads, String executionProvider, String listen,
                       String serial, String description, int idleExitSeconds, String pidFile) {
        List<String> toList() {
            return List.of("--bundle", bundleDir, "--variant", variant, "--threads", Integer.toString(threads),
                    "--ep", executionProvider, "--listen", listen, "--target", serial, "--device", description,
                    "--idle-exit-seconds", Integer.toString(idleExitSeconds), "--pid-file", pidFile);
        }
    }

    /** {@code java -Djava.io.tmpdir=... -cp JARS RunnerMain ARGS} (ONNX Runtime extracts its library to the tmpdir). */
    public static ShellCommand jvm(String work, List<String> classpath, Args args) {
        List<String> line = env(work);
        line.addAll(List.of("java", "-Djava.io.tmpdir=" + tmp(work), "-cp", String.join(":", classpath), RUNNER_MAIN));
        line.addAll(args.toList());
        return prepare(work).and(exec(line));
    }

    /**
     * {@code CLASSPATH=DEX app_process [-Djava.library.path=LIBS] -Djava.io.tmpdir=... / RunnerMain ARGS}.
     * app_process passes the options before the parent folder ({@code /}) to the runtime. ONNX
     * Runtime's Android loader calls System.loadLibrary("onnxruntime4j_jni"), which ART looks up
     * in java.library.path; that library needs libonnxruntime.so, which the dynamic linker finds
     * through LD_LIBRARY_PATH (the runner also loads it by name first).
     *
     * @param libDir folder holding libonnxruntime.so and libonnxruntime4j_jni.so, or null when
     *               the DEX carries no native code to load
     */
    public static ShellCommand android(String work, String dexJar, String libDir, Args args) {
        List<String> line = env(work);
        line.add(0, "CLASSPATH=" + dexJar);
        if (libDir != null) {
            line.add("LD_LIBRARY_PATH=" + libDir);
        }
        line.add("app_process");
        if (libDir != null) {
            line.add("-Djava.library.path=" + libDir);
        }
        line.addAll(List.of("-Djava.io.tmpdir=" + tmp(work), "/", RUNNER_MAIN));
        line.addAll(args.toList());
        return prepare(work).and(exec(line));
    }

    private static String tmp(String work) {
        return work + "/tmp";
    }

    private static ShellCommand prepare(String work) {
        return ShellCommand.of("mkdir", "-p", tmp(work), work + "/run", work + "/home");
    }

    private static List<String> env(String work) {
        List<String> e = new ArrayList<>();
        e.add("HOME=" + work + "/home");
        e.add("XDG_CACHE_HOME=" + work + "/home/.cache");
        return e;
    }

    /** {@code exec env NAME=value ... program args}: the runner replaces the shell, so a hang-up reaches it. */
    private static ShellCommand exec(List<String> envAndCommand) {
        List<String> args = new ArrayList<>();
        args.add("env");
        args.addAll(envAndCommand);
        return ShellCommand.of("exec", args.toArray(String[]::new));
    }
}
