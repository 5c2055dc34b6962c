package studio.mobilei2v.bridge;

import studio.mobilei2v.bridge.runner.AndroidRunnerSupport;
import studio.mobilei2v.bridge.runner.BundleUpload;
import studio.mobilei2v.bridge.runner.DeviceRunOptions;
import studio.mobilei2v.bridge.runner.RunnerArtifacts;
import studio.mobilei2v.bridge.runner.RunnerLaunch;
import studio.mobilei2v.inference.bundle.ModelBundle;
import studio.mobilei2v.inference.bundle.Variant;

import java.io.IOException;
import java.net.Socket;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Puts a runner on a device the way scrcpy puts its server there: checks the device can run it,
 * pushes the runner (JVM jars, or the DEX and ONNX Runtime's libraries on Android) and the
 * bundle into the content-hash store, starts the runner from a device shell and connects to it
 * ({@code adb forward}, or a stream through a remote server). Speaking to it is {@link RunnerClient}'s job.
 */
final class DeviceLauncher {
    /** Runner socket names on Android: this prefix and a random nonce. */
    static final String RUNNER_SOCKET_PREFIX = "mobilei2v-runner-";

    private DeviceLauncher() {
    }

    /** A runner started on a device and connected, with what setup pushed. */
    record Launched(Device device, DeviceFacts facts, ContentStore store, RunnerProcess process, Socket socket,
                    List<ContentStore.Pushed> pushes, double pushMs) {
    }

    /** @param serial the device, or null for the only one attached */
    static Launched launch(DeviceBridge bridge, String serial, ModelBundle bundle, DeviceRunOptions options) throws BridgeException {
        Device device = bridge.select(serial);
        DeviceFacts facts = bridge.facts(device);
        if (facts.isAndroid()) {
            options.android().requireReady(device.serial());
            options = phoneOptions(options, bundle);
        } else if (!facts.hasJava()) {
            throw new BridgeException("device " + device.serial() + " has no 'java' on its PATH: the runner JAR needs a Java 17+ "
                    + "runtime on the device (e.g. 'apt-get install openjdk-17-jre-headless' on a Debian board)");
        }
        ContentStore store = new ContentStore(device, ContentStore.resolveWorkFolder(device, facts));

        long tPush = System.nanoTime();
        List<ContentStore.Pushed> pushes = new ArrayList<>();
        Function<RunnerLaunch.Args, ShellCommand> launcher = facts.isAndroid()
                ? pushAndroidRunner(store, facts, options, pushes)
                : pushJvmRunner(store, facts, options, pushes);
        BundleUpload.Result uploaded = BundleUpload.upload(store, bundle, options.variant(), options.hostCache(), options.progress());
        pushes.addAll(uploaded.pushes());
        double pushMs = (System.nanoTime() - tPush) / 1e6;

        String nonce = HexFormat.of().formatHex(new SecureRandom().generateSeed(4));
        String pidFile = store.workFolder() + "/run/runner-" + nonce + ".pid";
        // Android: an abstract socket, reached by `adb forward tcp:N localabstract:NAME` (as scrcpy);
        // a JVM device: a loopback TCP port the runner picks.
        String listen = facts.isAndroid() ? "localabstract:" + RUNNER_SOCKET_PREFIX + nonce : "tcp:0";
        ShellCommand launch = launcher.apply(new RunnerLaunch.Args(uploaded.remoteDir(), options.variant(), options.threads(),
                options.executionProvider(), listen, device.serial(), describe(facts), options.idleExitSeconds(), pidFile));
        options.progress().accept("starting the runner on " + device.serial());
        RunnerProcess process = RunnerProcess.start(device, launch, pidFile);
        try {
            Socket socket = process.connect(listen, 120);
            return new Launched(device, facts, store, process, socket, pushes, pushMs);
        } catch (IOException e) {
            process.stop(0);
            throw unreachable(process, e);
        } catch (BridgeException | RuntimeException e) {
            process.stop(0);
            throw e;
        }
    }

    /** The message for a runner whose connection failed while it was starting. */
    static BridgeException unreachable(RunnerProcess process, IOException e) {
        Device device = process.device();
        if (!device.isAttached()) {
            return new BridgeException("device " + device.serial() + " went away while the runner was starting", e);
        }
        return new BridgeException("could not reach the runner on " + device.serial() + ": " + e.getMessage()
                + ". Its output: " + process.tail(), e);
    }

    /** A device with a JVM: the runner jars (ONNX Runtime repacked with the device's one native library). */
    private static Function<RunnerLaunch.Args, ShellCommand> pushJvmRunner(ContentStore store, DeviceFacts facts,
                                                                          DeviceRunOptions options, List<ContentStore.Pushed> pushes)
            throws BridgeException {
        String platform = RunnerArtifacts.onnxPlatform(facts.abi());
        options.progress().accept("preparing the runner for " + platform);
        List<String> classpath = new ArrayList<>();
        for (RunnerArtifacts.Jar jar : RunnerArtifacts.jvmClasspath(options.hostCache(), platform)) {
            options.progress().accept("sending " + jar.file().getFileName());
            ContentStore.Pushed p = store.ensure(jar.file(), jar.sha256(), ".jar");
            pushes.add(p);
            classpath.add(p.remotePath());
        }
        return a -> RunnerLaunch.jvm(store.workFolder(), classpath, a);
    }

    /**
     * Android: the runner DEX and ONNX Runtime's native libraries for the device's ABI, each a
     * content-addressed blob; the libraries get their loadable names through a folder of links
     * named by their hashes ({@code <work>/android-libs/<abi>-<hash>/libonnxruntime.so -> ../../blobs/...}).
     */
    private static Function<RunnerLaunch.Args, ShellCommand> pushAndroidRunner(ContentStore store, DeviceFacts facts,
                                                                              DeviceRunOptions options, List<ContentStore.Pushed> pushes)
            throws BridgeException {
        AndroidRunnerSupport android = options.android();
        Map<String, Path> libs = android.nativeLibraries(facts.abi(), options.hostCache());
        options.progress().accept("sending the runner DEX");
        Path dexJar = android.dexJar(options.hostCache());
        ContentStore.Pushed dex = store.ensure(dexJar, sha256(dexJar), ".jar");
        pushes.add(dex);
        Map<String, String> links = new TreeMap<>();
        StringBuilder set = new StringBuilder();
        for (Map.Entry<String, Path> lib : libs.entrySet()) {
            options.progress().accept("sending " + lib.getKey() + " (" + facts.abi() + ")");
            String sha = sha256(lib.getValue());
            ContentStore.Pushed p = store.ensure(lib.getValue(), sha, ".so");
            pushes.add(p);
            links.put(lib.getKey(), p.remotePath());
            set.append(lib.getKey()).append('=').append(sha).append('\n');
        }
        String libDir = store.workFolder() + "/android-libs/" + facts.abi() + "-"
                + studio.mobilei2v.inference.Hex.sha256(set.toString()).substring(0, 16);
        store.linkFolder(libDir, links, "ONNX Runtime's libraries");
        return a -> RunnerLaunch.android(store.workFolder(), dex.remotePath(), libDir, a);
    }

    /**
     * On a phone the runner uses the bundle's mobile variant (fp16, the phone optimisations) when
     * it has one, and XNNPACK where the device's ONNX Runtime has it ("auto", decided by the
     * runner) unless another provider was chosen; threads stay as given (0 = the big cores).
     */
    static DeviceRunOptions phoneOptions(DeviceRunOptions o, ModelBundle bundle) {
        DeviceRunOptions p = o;
        if (bundle.manifest().variants().containsKey(Variant.MOBILE) && !Variant.MOBILE.equals(o.variant())) {
            o.progress().accept("Android: running the bundle's " + Variant.MOBILE + " variant instead of " + o.variant());
            p = p.withVariant(Variant.MOBILE);
        }
        if ("cpu".equals(o.executionProvider())) {
            p = p.withExecutionProvider("auto");
        }
        return p;
    }

    private static String sha256(Path file) throws BridgeException {
        try {
            return ContentStore.sha256(file);
        } catch (IOException e) {
            throw new BridgeException(file + ": cannot be read: " + e.getMessage(), e);
        }
    }

    /** The runner's --device text: maker, model and SoC, else the OS version. */
    private static String describe(DeviceFacts f) {
        StringBuilder b = new StringBuilder();
        for (String s : new String[]{f.manufacturer(), f.model()}) {
            if (s != null && !s.isBlank()) {
                b.append(b.length() == 0 ? "" : " ").append(s);
            }
        }
        if (f.soc() != null) {
            b.append(b.length() == 0 ? "" : " ").append('(').append(f.soc()).append(')');
        }
        if (b.length() == 0) {
            b.append(f.osVersion() == null ? "device" : f.osVersion());
        }
        return b.toString();
    }
}
