package studio.mobilei2v.bridge.runner;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import studio.mobilei2v.bridge.BridgeException;
import studio.mobilei2v.bridge.BridgeFixtures;
import studio.mobilei2v.bridge.BridgeFixturesExtension;
import studio.mobilei2v.bridge.ContentStore;
import studio.mobilei2v.bridge.DeviceVideoGenerator;
import studio.mobilei2v.bridge.ShellCommand;
import studio.mobilei2v.bridge.fixture.FakeAdbDaemon;
import studio.mobilei2v.bridge.fixture.FakeDeviceOptions;
import studio.mobilei2v.inference.Cancellation;
import studio.mobilei2v.inference.GenerationListener;
import studio.mobilei2v.inference.GenerationRequest;
import studio.mobilei2v.inference.RunReport;
import studio.mobilei2v.inference.VideoFrame;
import studio.mobilei2v.inference.bundle.ModelBundle;
import studio.mobilei2v.inference.local.LocalOptions;
import studio.mobilei2v.inference.local.LocalVideoGenerator;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The Android launch end to end against a fixture phone (getprop says Android 14, arm64-v8a)
 * through the real adb server: the runner DEX and ONNX Runtime's libraries are pushed by content
 * hash, the library folder is laid out, the runner is started with {@code CLASSPATH=DEX
 * app_process ... / RunnerMain --listen localabstract:NAME} and reached through {@code adb
 * forward tcp:N localabstract:NAME}.
 *
 * <p><b>What stands in for what.</b> There is no phone and no ART here, and this build has no
 * onnxruntime-android. So (1) the "ONNX Runtime libraries" are two small stand-in files handed in
 * with {@link AndroidRunnerSupport#withNativeLibraries} (the only test switch; the studio and
 * CLI use the build's, and without them refuse with the missing-artifact message), and (2) the
 * fixture phone's {@code app_process} is a shell script that checks what app_process would get
 * (CLASSPATH is the pushed DEX jar, VM options before {@code /}, the library folder holds both
 * libraries), records it, and runs the same RunnerMain on this machine's JVM from the runner
 * JARs, mapping the abstract socket onto the fixture's localabstract folder. The DEX is pushed
 * and compared byte for byte, but it does not run.
 */
@ExtendWith(BridgeFixturesExtension.class)
class AndroidLaunchTest {
    private static final int THREADS = 2;
    @TempDir
    Path tmp;
    private final BridgeFixtures fx;
    private final ModelBundle bundle;

    AndroidLaunchTest(BridgeFixtures fx) throws Exception {
        this.fx = fx;
        this.bundle = TestBundle.nano();
    }

    /** Stand-ins for onnxruntime-android's two libraries: only their names and bytes matter here. */
    private Map<String, List<Path>> standInLibraries(String abi) throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("ort-android-stand-in").resolve(abi));
        Path ort = Files.writeString(dir.resolve("libonnxruntime.so"), "stand-in for libonnxruntime.so (" + abi + ")");
        Path jni = Files.writeString(dir.resolve("libonnxruntime4j_jni.so"), "stand-in for libonnxruntime4j_jni.so (" + abi + ")");
        return Map.of(abi, List.of(ort, jni));
    }

    /** Puts the app_process stand-in on the fixture phone's PATH (see the class comment). */
    private static void installAppProcessStandIn(FakeAdbDaemon phone) throws Exception {
        String platform = RunnerArtifacts.onnxPlatform(System.getProperty("os.arch"));
        String cp = RunnerArtifacts.jvmClasspath(TestBundle.hostCache(), platform).stream()
                .map(j -> j.file().toString()).collect(Collectors.joining(":"));
        String script = """
                #!/bin/sh
                # TEST STAND-IN for Android's app_process: ART cannot run here. Checks what app_process
                # would be given, records it, then runs the same RunnerMain on this machine's JVM.
                RUNNER_CP=%s
                log="$FIXTURE_DEVICE_ROOT/app_process.log"
                fail() { echo "app_process (fixture): $*" >&2; exit 1; }
                { printf 'CLASSPATH=%%s\\n' "$CLASSPATH"; printf 'LD_LIBRARY_PATH=%%s\\n' "$LD_LIBRARY_PATH"
                  for a in "$@"; do printf 'ARG=%%s\\n' "$a"; done; } > "$log"
                [ -f "$CLASSPATH" ] || fail "CLASSPATH is not a file: $CLASSPATH"
                stage=vm; prev=; reset=1
                for a in "$@"; do
                  if [ -n "$reset" ]; then set --; reset=; fi
                  case $stage in
                    vm) case $a in
                          -Djava.library.path=*) libs=${a#-Djava.library.path=}
                             { [ -f "$libs/libonnxruntime.so" ] && [ -f "$libs/libonnxruntime4j_jni.so" ]; } \\
                               || fail "no ONNX Runtime libraries in $libs"
                             set -- "$@" "$a" ;;
                          -*) set -- "$@" "$a" ;;
                          /) set -- "$@" -cp "$RUNNER_CP"; stage=class ;;
                          *) fail "VM options, then the parent folder /, expected; got $a" ;;
                        esac ;;
                    class) set -- "$@" "$a"; stage=args ;;
                    args) if [ "$prev" = --listen ]; then
                            case $a in localabstract:*) a="unix:$FIXTURE_DEVICE_ROOT/localabstract/${a#localabstract:}" ;; esac
                          fi
                          set -- "$@" "$a" ;;
                  esac
                  prev=$a
                done
                [ "$stage" = args ] || fail "no class to start"
                java "$@" | sed -u "s|^MOBILEI2V-RUNNER LISTENING unix:$FIXTURE_DEVICE_ROOT/localabstract/|MOBILEI2V-RUNNER LISTENING localabstract:|"
                """.formatted(ShellCommand.quote(cp));
        Path p = phone.root().resolve("bin").resolve("app_process");
        Files.writeString(p, script, StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    private static List<VideoFrame> frames(studio.mobilei2v.inference.VideoGenerator g, GenerationRequest r, RunReport[] report)
            throws Exception {
        List<VideoFrame> frames = new ArrayList<>();
        report[0] = g.generate(r, new GenerationListener() {
            @Override
            public void onFrame(int index, VideoFrame frame, double ms) {
                frames.add(frame);
            }
        }, Cancellation.none());
        return frames;
    }

    private static Map<String, String> single(List<String> log, String key) {
        return Map.of(key, log.stream().filter(l -> l.startsWith(key + "=")).map(l -> l.substring(key.length() + 1))
                .findFirst().orElseThrow(() -> new AssertionError(key + " not in the app_process log: " + log)));
    }

    @Test
    void androidRunnerIsStartedWithAppProcessAndReachedThroughLocalabstract() throws Exception {
        FakeAdbDaemon phone = fx.attach("phone", FakeDeviceOptions.android());
        installAppProcessStandIn(phone);
        GenerationRequest request = GenerationRequest.of(TestBundle.picture(bundle), 4321L);
        RunReport[] localReport = new RunReport[1];
        List<VideoFrame> local;
        try (LocalVideoGenerator g = LocalVideoGenerator.open(bundle, LocalOptions.defaults().withVariant("mobile").withThreads(THREADS))) {
            local = frames(g, request, localReport);
        }
        List<String> progress = new ArrayList<>();
        // "desktop" and "cpu" as the studio passes them: on a phone the bridge picks mobile + auto
        DeviceRunOptions options = DeviceRunOptions.defaults().withHostCache(TestBundle.hostCache()).withThreads(THREADS)
                .withVariant("desktop").withProgress(progress::add)
                .withAndroid(AndroidRunnerSupport.withNativeLibraries(standInLibraries("arm64-v8a")));
        long pid;
        String work;
        try (DeviceVideoGenerator g = DeviceVideoGenerator.open(fx.bridge(), phone.serial(), bundle, options)) {
            work = g.workFolder();
            assertEquals("mobile", g.info().variant(), "a phone runs the bundle's mobile variant");
            assertEquals(studio.mobilei2v.inference.ExecutionProvider.CPU, g.info().executionProvider(), "auto: no XNNPACK in the desktop ONNX Runtime behind the stand-in");
            assertTrue(progress.stream().anyMatch(l -> l.contains("mobile variant instead of desktop")), progress.toString());

            List<String> log = Files.readAllLines(phone.root().resolve("app_process.log"));
            String dex = single(log, "CLASSPATH").get("CLASSPATH");
            assertTrue(dex.matches(java.util.regex.Pattern.quote(work) + "/blobs/[0-9a-f]{64}\\.jar"), dex);
            try (InputStream in = getClass().getClassLoader().getResourceAsStream(AndroidRunnerSupport.DEX)) {
                assertArrayEquals(in.readAllBytes(), Files.readAllBytes(Path.of(dex)), "the pushed DEX is the build's");
            }
            List<String> argv = log.stream().filter(l -> l.startsWith("ARG=")).map(l -> l.substring(4)).toList();
            String libs = argv.get(0).substring("-Djava.library.path=".length());
            assertTrue(argv.get(0).startsWith("-Djava.library.path=") && libs.matches(java.util.regex.Pattern.quote(work)
                    + "/android-libs/arm64-v8a-[0-9a-f]{16}"), argv.toString());
            assertEquals(libs, single(log, "LD_LIBRARY_PATH").get("LD_LIBRARY_PATH"));
            assertEquals(List.of("-Djava.io.tmpdir=" + work + "/tmp", "/", RunnerLaunch.RUNNER_MAIN), argv.subList(1, 4));
            int listen = argv.indexOf("--listen");
            assertTrue(argv.get(listen + 1).matches("localabstract:mobilei2v-runner-[0-9a-f]{8}"), argv.toString());
            assertEquals("auto", argv.get(argv.indexOf("--ep") + 1));
            assertEquals("mobile", argv.get(argv.indexOf("--variant") + 1));
            for (Path lib : standInLibraries("arm64-v8a").get("arm64-v8a")) {
                Path onDevice = Path.of(libs, lib.getFileName().toString());
                assertTrue(Files.isSymbolicLink(onDevice), onDevice + " links to its blob");
                assertTrue(Files.readSymbolicLink(onDevice).toString().startsWith(work + "/blobs/"));
                assertEquals(Files.readString(lib), Files.readString(onDevice));
            }

            RunReport[] first = new RunReport[1];
            List<VideoFrame> got = frames(g, request, first);
            assertTrue(TestBundle.maxDiff(local, got) <= 1, "phone stand-in and local frames differ by more than 1 LSB");
            assertEquals(phone.serial(), first[0].placement().target());
            assertTrue(first[0].firstRun());
            assertTrue(first[0].initMs() > 0, "the first device run reports the device's session creation: " + first[0].initMs());
            RunReport[] second = new RunReport[1];
            frames(g, request, second);
            assertFalse(second[0].firstRun());
            assertEquals(0.0, second[0].initMs(), "sessions existed for the second run");
            pid = Long.parseLong(Files.readString(Path.of(argv.get(argv.indexOf("--pid-file") + 1))).trim());
        }
        long end = System.nanoTime() + 10_000_000_000L;
        while (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false) && System.nanoTime() < end) {
            Thread.sleep(50);
        }
        assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "runner " + pid + " still running after close");
        assertTrue(Files.exists(Path.of(work, "blobs")), "pushed files stay cached for the next run");
        assertFalse(Files.exists(phone.root().resolve("localabstract")) && Arrays.stream(phone.root().resolve("localabstract").toFile()
                .list()).anyMatch(n -> n.startsWith("mobilei2v-runner-")), "the runner's socket is gone");
    }

    @Test
    void aPhoneWhoseAbiTheBuildLacksIsToldSoBeforeAnythingIsPushed() throws Exception {
        FakeAdbDaemon phone = fx.attach("phone", FakeDeviceOptions.android());
        DeviceRunOptions options = DeviceRunOptions.defaults().withHostCache(TestBundle.hostCache())
                .withAndroid(AndroidRunnerSupport.withNativeLibraries(standInLibraries("x86_64")));
        BridgeException e = assertThrows(BridgeException.class, () -> DeviceVideoGenerator.open(fx.bridge(), phone.serial(), bundle, options));
        assertTrue(e.getMessage().contains("'arm64-v8a'") && e.getMessage().contains("x86_64"), e.getMessage());
        try (var s = Files.walk(phone.root())) {
            assertEquals(List.of(), s.filter(p -> p.toString().contains(ContentStore.FOLDER_NAME)).toList());
        }
    }
}
