package studio.mobilei2v.bridge.runner;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The exact device shell lines that start the runner, and what a real {@code /bin/sh} makes of
 * them when paths and parameters are hostile: a stub {@code app_process} / {@code java} on PATH
 * prints the environment and argument vector it received, which must be exactly the values given.
 */
class RunnerLaunchTest {
    private static final RunnerLaunch.Args ARGS = new RunnerLaunch.Args("/data/local/tmp/mobilei2v-studio/bundles/ab12",
            "mobile", 0, "auto", "localabstract:mobilei2v-runner-0a1b2c3d", "R58M123", "Samsung SM-S918B (Qualcomm SM8550)",
            600, "/data/local/tmp/mobilei2v-studio/run/runner-0a1b2c3d.pid");

    @Test
    void androidLaunchIsAppProcessWithTheDexOnClasspathLikeScrcpy() {
        String w = "/data/local/tmp/mobilei2v-studio";
        String line = RunnerLaunch.android(w, w + "/blobs/d3.jar", w + "/android-libs/arm64-v8a-0123", ARGS).render();
        assertEquals("mkdir '-p' '" + w + "/tmp' '" + w + "/run' '" + w + "/home' && exec 'env' 'CLASSPATH=" + w + "/blobs/d3.jar' "
                + "'HOME=" + w + "/home' 'XDG_CACHE_HOME=" + w + "/home/.cache' 'LD_LIBRARY_PATH=" + w + "/android-libs/arm64-v8a-0123' "
                + "'app_process' '-Djava.library.path=" + w + "/android-libs/arm64-v8a-0123' '-Djava.io.tmpdir=" + w + "/tmp' "
                + "'/' 'studio.mobilei2v.inference.runner.RunnerMain' '--bundle' '" + w + "/bundles/ab12' '--variant' 'mobile' "
                + "'--threads' '0' '--ep' 'auto' '--listen' 'localabstract:mobilei2v-runner-0a1b2c3d' '--target' 'R58M123' "
                + "'--device' 'Samsung SM-S918B (Qualcomm SM8550)' '--idle-exit-seconds' '600' "
                + "'--pid-file' '" + w + "/run/runner-0a1b2c3d.pid'", line);
    }

    @Test
    void withoutNativeLibrariesThereIsNoLibraryPath() {
        String line = RunnerLaunch.android("/w", "/w/blobs/d.jar", null, ARGS).render();
        assertFalse(line.contains("java.library.path") || line.contains("LD_LIBRARY_PATH"), line);
        assertTrue(line.contains("'CLASSPATH=/w/blobs/d.jar' 'HOME=/w/home' 'XDG_CACHE_HOME=/w/home/.cache' 'app_process' "
                + "'-Djava.io.tmpdir=/w/tmp' '/' 'studio.mobilei2v.inference.runner.RunnerMain' '--bundle'"), line);
    }

    @Test
    void jvmLaunchIsJavaWithTheJars() {
        String line = RunnerLaunch.jvm("/w", List.of("/w/blobs/a.jar", "/w/blobs/b.jar"), ARGS).render();
        assertTrue(line.startsWith("mkdir '-p' '/w/tmp' '/w/run' '/w/home' && exec 'env' 'HOME=/w/home' "
                + "'XDG_CACHE_HOME=/w/home/.cache' 'java' '-Djava.io.tmpdir=/w/tmp' '-cp' '/w/blobs/a.jar:/w/blobs/b.jar' "
                + "'studio.mobilei2v.inference.runner.RunnerMain' '--bundle'"), line);
    }

    /** Runs the line with a real /bin/sh; stubs print env and argv one per line. */
    private static List<String> runWithStubs(Path dir, String line) throws Exception {
        Path bin = Files.createDirectories(dir.resolve("bin"));
        String stub = "#!/bin/sh\nprintf 'PROG %s\\n' \"$(basename \"$0\")\"\n"
                + "printf 'CLASSPATH %s\\n' \"$CLASSPATH\"\nprintf 'LD_LIBRARY_PATH %s\\n' \"$LD_LIBRARY_PATH\"\n"
                + "printf 'HOME %s\\n' \"$HOME\"\nfor a in \"$@\"; do printf 'ARG %s\\n' \"$a\"; done\n";
        for (String name : new String[]{"app_process", "java"}) {
            Path p = bin.resolve(name);
            Files.writeString(p, stub, StandardCharsets.UTF_8);
            Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        ProcessBuilder pb = new ProcessBuilder("/bin/sh", "-c", line).directory(dir.toFile()).redirectErrorStream(true);
        pb.environment().put("PATH", bin + ":/usr/bin:/bin");
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out);
        // ARG values may hold newlines: join continuation lines back to their value
        List<String> lines = new ArrayList<>();
        for (String l : out.substring(0, out.length() - (out.endsWith("\n") ? 1 : 0)).split("\n", -1)) {
            if (l.matches("(PROG|CLASSPATH|LD_LIBRARY_PATH|HOME|ARG) .*") || lines.isEmpty()) {
                lines.add(l);
            } else {
                lines.set(lines.size() - 1, lines.get(lines.size() - 1) + "\n" + l);
            }
        }
        return lines;
    }

    @Test
    void hostilePathsAndParametersReachAppProcessLiterally(@TempDir Path tmp) throws Exception {
        Path pwned = tmp.resolve("pwned"); // the shell runs in tmp: any executed `touch pwned` lands here
        String hostile = "we'ird ; touch pwned $(touch pwned) `touch pwned` & | \"q\" $HOME *";
        String work = tmp.resolve("work " + hostile).toString();
        String dex = work + "/blobs/x'y.jar";
        String libs = work + "/android-libs/a;b";
        RunnerLaunch.Args args = new RunnerLaunch.Args(work + "/bundles/b$(id)", "mobile", 2, "auto", "localabstract:n",
                "emulator-5554;reboot", "Phone\nwith newline; rm -rf / `id`", 600, work + "/run/p.pid");
        List<String> got = runWithStubs(tmp, RunnerLaunch.android(work, dex, libs, args).render());
        List<String> expected = new ArrayList<>(List.of("PROG app_process", "CLASSPATH " + dex, "LD_LIBRARY_PATH " + libs,
                "HOME " + work + "/home", "ARG -Djava.library.path=" + libs, "ARG -Djava.io.tmpdir=" + work + "/tmp", "ARG /",
                "ARG studio.mobilei2v.inference.runner.RunnerMain"));
        for (String a : args.toList()) {
            expected.add("ARG " + a);
        }
        assertEquals(expected, got);
        assertFalse(Files.exists(pwned), "a value ran as a command");
        assertTrue(Files.isDirectory(Path.of(work, "run")) && Files.isDirectory(Path.of(work, "home")),
                "the work folders were made under the literal name");
    }
}
