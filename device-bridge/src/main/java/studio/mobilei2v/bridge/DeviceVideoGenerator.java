package studio.mobilei2v.bridge;

import studio.mobilei2v.bridge.runner.AndroidRunnerSupport;
import studio.mobilei2v.bridge.runner.BundleUpload;
import studio.mobilei2v.bridge.runner.DeviceRunOptions;
import studio.mobilei2v.bridge.runner.RunnerArtifacts;
import studio.mobilei2v.bridge.runner.RunnerLaunch;
import studio.mobilei2v.bridge.runner.TransferReport;
import studio.mobilei2v.inference.Cancellation;
import studio.mobilei2v.inference.GenerationCancelledException;
import studio.mobilei2v.inference.GenerationException;
import studio.mobilei2v.inference.GenerationListener;
import studio.mobilei2v.inference.GenerationRequest;
import studio.mobilei2v.inference.GeneratorInfo;
import studio.mobilei2v.inference.InvalidRequestException;
import studio.mobilei2v.inference.RunReport;
import studio.mobilei2v.inference.VideoFrame;
import studio.mobilei2v.inference.bundle.ModelBundle;
import studio.mobilei2v.inference.bundle.Variant;
import studio.mobilei2v.inference.local.LocalOptions;
import studio.mobilei2v.inference.runner.JobMessages;
import studio.mobilei2v.inference.runner.JobProtocol;
import studio.mobilei2v.inference.runner.MessageType;
import studio.mobilei2v.inference.runner.RunnerMessage;
import studio.mobilei2v.inference.runner.RunnerMain;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A {@link studio.mobilei2v.inference.VideoGenerator} that runs on a device over ADB, the way
 * scrcpy runs its server: push the runner and the bundle (content-hash cache), start the runner
 * from a device shell, {@code adb forward} a local port to it, and speak {@link JobProtocol}.
 * The model stays loaded between runs; {@link #close()} stops the runner and removes the forward.
 * Device-side timings come back in the device's RunReport; link time is in {@link #transfer()}.
 */
public final class DeviceVideoGenerator implements studio.mobilei2v.inference.VideoGenerator {
    /** Longest silence from the runner during a job before we call it hung. */
    private static final long QUIET_LIMIT_MS = 180_000;
    private static final int OUTPUT_LINES_KEPT = 40;

    private final Device device;
    private final DeviceFacts facts;
    private final ContentStore store;
    private final Device.RunningCommand shell;
    private final String pidFile;
    private final RunnerLink link;
    private final Socket socket;
    private final DataInputStream in;
    private final DataOutputStream out;
    private final GeneratorInfo info;
    private final Deque<String> runnerOutput;
    private final CompletableFuture<Throwable> shellEnded;
    private final ReentrantLock runLock = new ReentrantLock();
    /** Session creation on the device, measured by the runner while it loaded the model (its "loaded" event). */
    private final double deviceInitMs;
    private volatile TransferReport transfer;
    private volatile boolean broken;
    private volatile boolean closed;
    /** A bridge this generator opened itself (the command-line entry point) and closes with it. */
    private DeviceBridge ownedBridge;
    private long nextJob = 1;

    private DeviceVideoGenerator(Device device, DeviceFacts facts, ContentStore store, Device.RunningCommand shell,
                                 String pidFile, RunnerLink link, DataInputStream in, DataOutputStream out,
                                 GeneratorInfo info, Deque<String> runnerOutput, CompletableFuture<Throwable> shellEnded,
                                 TransferReport transfer, double deviceInitMs) {
        this.device = device;
        this.facts = facts;
        this.store = store;
        this.shell = shell;
        this.pidFile = pidFile;
        this.link = link;
        this.socket = link.socket();
        this.in = in;
        this.out = out;
        this.info = info;
        this.runnerOutput = runnerOutput;
        this.shellEnded = shellEnded;
        this.transfer = transfer;
        this.deviceInitMs = deviceInitMs;
    }

    /**
     * The command line's entry point ({@code generate --device SERIAL}): the user's adb server,
     * the variant, threads and execution provider the user chose for a local run (so the same
     * seed and variant give the same video here and there), the default host cache.
     */
    public static DeviceVideoGenerator open(ModelBundle bundle, LocalOptions options, String serial) throws BridgeException {
        return open(DeviceBridge::open, bundle, options, serial);
    }

    /** As {@link #open(ModelBundle, LocalOptions, String)} on the adb server that {@code opener} connects to. */
    public static DeviceVideoGenerator open(DeviceBridge.Opener opener, ModelBundle bundle, LocalOptions options, String serial)
            throws BridgeException {
        DeviceBridge bridge = opener.open();
        try {
            DeviceRunOptions o = new DeviceRunOptions(options.variant(), options.intraOpThreads(),
                    options.executionProvider(), 600, null, null);
            if (serial != null) {
                bridge.awaitReady(serial, 10, TimeUnit.SECONDS);
            }
            DeviceVideoGenerator g = open(bridge, serial, bundle, o);
            g.ownedBridge = bridge;
            return g;
        } catch (BridgeException | RuntimeException e) {
            bridge.close();
            throw e;
        }
    }

    /**
     * Prepares the device and starts the runner with the model loaded.
     *
     * @param serial the device, or null for the only one attached
     */
    public static DeviceVideoGenerator open(DeviceBridge bridge, String serial, ModelBundle bundle, DeviceRunOptions options)
            throws BridgeException {
        long t0 = System.nanoTime();
        Device device = bridge.select(serial);
        DeviceFacts facts = bridge.facts(device);
        if (facts.isAndroid()) {
            options.android().requireReady(device.serial());
            options = phoneOptions(options, bundle);
        } else if (!facts.hasJava()) {
            throw new BridgeException("device " + device.serial() + " has no 'java' on its PATH: the runner JAR needs a Java 17+ "
                    + "runtime on the device (e.g. 'apt-get install openjdk-17-jre-headless' on a Debian board)");
        }
        String work = ContentStore.resolveWorkFolder(device, facts);
        ContentStore store = new ContentStore(device, work);

        long tPush = System.nanoTime();
        List<ContentStore.Pushed> pushes = new ArrayList<>();
        Function<RunnerLaunch.Args, ShellCommand> launcher = facts.isAndroid()
                ? pushAndroidRunner(store, facts, options, pushes)
                : pushJvmRunner(store, facts, options, pushes);
        BundleUpload.Result uploaded = BundleUpload.upload(store, bundle, options.variant(), options.hostCache(), options.progress());
        pushes.addAll(uploaded.pushes());
        double pushMs = (System.nanoTime() - tPush) / 1e6;

        String nonce = HexFormat.of().formatHex(new java.security.SecureRandom().generateSeed(4));
        String pidFile = work + "/run/runner-" + nonce + ".pid";
        // Android: an abstract socket, reached by `adb forward tcp:N localabstract:NAME` (as scrcpy);
        // a JVM device: a loopback TCP port the runner picks.
        String listen = facts.isAndroid() ? "localabstract:" + RUNNER_SOCKET_PREFIX + nonce : "tcp:0";
        ShellCommand launch = launcher.apply(new RunnerLaunch.Args(uploaded.remoteDir(), options.variant(), options.threads(),
                options.executionProvider(), listen, device.serial(), describe(facts), options.idleExitSeconds(), pidFile));
        options.progress().accept("starting the runner on " + device.serial());
        Deque<String> output = new ArrayDeque<>();
        CompletableFuture<String> listening = new CompletableFuture<>();
        CompletableFuture<Throwable> ended = new CompletableFuture<>();
        Device.RunningCommand shell = device.start(launch, line -> {
            synchronized (output) {
                output.addLast(line);
                while (output.size() > OUTPUT_LINES_KEPT) {
                    output.removeFirst();
                }
            }
            if (line.startsWith(RunnerMain.LISTENING)) {
                listening.complete(line.substring(RunnerMain.LISTENING.length()).trim());
            } else if (line.startsWith(RunnerMain.FAILED)) {
                listening.completeExceptionally(new BridgeException("the runner on " + device.serial() + " failed: "
                        + line.substring(RunnerMain.FAILED.length())));
            }
        }, failure -> {
            ended.complete(failure);
            listening.completeExceptionally(new BridgeException("the runner on " + device.serial()
                    + " exited before it listened. Its output: " + tail(output)));
        });
        RunnerLink link = null;
        try {
            String address = await(listening, 120, "the runner to start listening");
            link = RunnerLink.open(device, address, listen);
            Socket socket = link.socket();
            socket.setTcpNoDelay(true);
            socket.setSoTimeout((int) QUIET_LIMIT_MS);
            DataInputStream in = new DataInputStream(new BufferedInputStream(socket.getInputStream(), 1 << 16));
            DataOutputStream out = new DataOutputStream(new BufferedOutputStream(socket.getOutputStream(), 1 << 16));
            JobProtocol.Envelope hello = JobProtocol.read(in);
            if (hello == null || hello.type() != MessageType.HELLO) {
                throw new BridgeException("the runner on " + device.serial() + " did not greet (got "
                        + (hello == null ? "end of stream" : hello.typeName()) + "). Its output: " + tail(output));
            }
            int protocol = hello.as(RunnerMessage.Hello.class).protocol();
            if (protocol != JobProtocol.VERSION) {
                throw new BridgeException("the runner on " + device.serial() + " speaks protocol " + protocol
                        + ", this studio " + JobProtocol.VERSION);
            }
            options.progress().accept("loading the model on " + device.serial());
            socket.setSoTimeout(600_000); // loading a large bundle on a slow phone takes a while
            JobProtocol.Envelope loaded = JobProtocol.read(in);
            socket.setSoTimeout((int) QUIET_LIMIT_MS);
            if (loaded == null) {
                throw new BridgeException("the runner on " + device.serial() + " stopped while loading the model. Its output: " + tail(output));
            }
            if (loaded.type() == MessageType.ERROR) {
                throw new BridgeException(loaded.as(RunnerMessage.Error.class).message() + " Its output: " + tail(output));
            }
            RunnerMessage.Loaded l = loaded.as(RunnerMessage.Loaded.class);
            double deviceInitMs = l.initMs();
            GeneratorInfo info = l.info();
            int sent = 0;
            int cached = 0;
            long bytes = 0;
            for (ContentStore.Pushed p : pushes) {
                if (p.cached()) {
                    cached++;
                } else {
                    sent++;
                    bytes += p.bytes();
                }
            }
            TransferReport transfer = new TransferReport(sent, cached, bytes, (System.nanoTime() - t0) / 1e6, pushMs, 0, 0, 0, 0, 0);
            return new DeviceVideoGenerator(device, facts, store, shell, pidFile, link, in, out, info, output, ended,
                    transfer, deviceInitMs);
        } catch (IOException e) {
            cleanupAfterFailedStart(device, shell, link, pidFile);
            if (!device.isAttached()) {
                throw new BridgeException("device " + device.serial() + " went away while the runner was starting", e);
            }
            throw new BridgeException("could not reach the runner on " + device.serial() + ": " + e.getMessage() + ". Its output: " + tail(output), e);
        } catch (BridgeException | RuntimeException e) {
            cleanupAfterFailedStart(device, shell, link, pidFile);
            throw e;
        }
    }

    /** Runner socket names on Android: this prefix and a random nonce. */
    static final String RUNNER_SOCKET_PREFIX = "mobilei2v-runner-";

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
        String libDir = store.workFolder() + "/android-libs/" + facts.abi() + "-" + textSha256(set.toString()).substring(0, 16);
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

    private static String textSha256(String text) {
        return studio.mobilei2v.inference.Hex.sha256(text);
    }

    private static void cleanupAfterFailedStart(Device device, Device.RunningCommand shell, RunnerLink link, String pidFile) {
        closeQuietly(link);
        shell.close();
        killByPidFile(device, pidFile);
    }

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

    @Override
    public GeneratorInfo info() {
        return info;
    }

    public String serial() {
        return device.serial();
    }

    public DeviceFacts facts() {
        return facts;
    }

    /** Setup transfer, and the last job's link overhead. */
    public TransferReport transfer() {
        return transfer;
    }

    /**
     * False once the runner or its device is gone (a crash, a pulled cable, a hung runner): every
     * later {@link #generate} would fail, so a pool retires this worker and gives its job back.
     */
    public boolean isUsable() {
        return !closed && !broken;
    }

    /** Where the studio's files live on the device. */
    public String workFolder() {
        return store.workFolder();
    }

    @Override
    public RunReport generate(GenerationRequest request, GenerationListener listener, Cancellation cancel)
            throws GenerationException {
        GenerationListener l = listener == null ? GenerationListener.NONE : listener;
        Cancellation c = cancel == null ? Cancellation.none() : cancel;
        runLock.lock();
        try {
            if (closed || broken) {
                throw new GenerationException("the device runner on " + device.serial() + " is no longer available; open a new one");
            }
            c.throwIfCancelled("queued");
            long job = nextJob++;
            long t0 = System.nanoTime();
            RunnerMessage.Job msg = JobMessages.job(job, request);
            byte[] pixels = request.image().rgb();
            long up = pixels.length + 512L;
            long[] down = {0};
            try (Cancellation.Registration ignored = c.onCancel(() -> sendCancel(job))) {
                synchronized (out) {
                    JobProtocol.write(out, msg, pixels);
                }
                while (true) {
                    JobProtocol.Envelope m = JobProtocol.read(in);
                    if (m == null) {
                        throw lost(null);
                    }
                    down[0] += m.payload().length + 64;
                    switch (m.type()) {
                        case STAGE -> {
                            RunnerMessage.Stage s = m.as(RunnerMessage.Stage.class);
                            if (s.job() == job) {
                                l.onStage(s.stage(), s.detail() == null ? "" : s.detail());
                            }
                        }
                        case STEP -> {
                            RunnerMessage.Step s = m.as(RunnerMessage.Step.class);
                            if (s.job() == job) {
                                l.onStep(s.step(), s.steps(), s.ms());
                            }
                        }
                        case FRAME -> {
                            RunnerMessage.Frame f = m.as(RunnerMessage.Frame.class);
                            if (f.job() == job) {
                                l.onFrame(f.index(), new VideoFrame(f.width(), f.height(), m.payload()), f.ms());
                            }
                        }
                        case REPORT -> {
                            RunnerMessage.Report r = m.as(RunnerMessage.Report.class);
                            if (r.job() != job) {
                                continue; // a late report of an earlier, cancelled job
                            }
                            RunReport report = withDeviceInit(RunReport.fromJson(r.report()));
                            double hostMs = (System.nanoTime() - t0) / 1e6;
                            transfer = transfer.withRun(up, down[0], hostMs, report.totalMs());
                            return report;
                        }
                        case ERROR -> throw error(m.as(RunnerMessage.Error.class));
                        default -> {
                            // newer runner, unknown event: ignore
                        }
                    }
                }
            }
        } catch (SocketTimeoutException e) {
            broken = true;
            throw new GenerationException("the runner on " + device.serial() + " sent nothing for " + QUIET_LIMIT_MS / 1000
                    + " s; it is treated as hung and stopped");
        } catch (IOException e) {
            throw lost(e);
        } catch (RuntimeException e) {
            if (e.getCause() instanceof GenerationException g) {
                throw g;
            }
            throw e;
        } finally {
            runLock.unlock();
        }
    }

    /**
     * The runner creates its sessions while loading, before any job, so its first report says
     * initMs 0; the first run's report gets the creation time the runner measured on the device
     * (as a local first run reports its own). Later runs keep 0: their sessions existed.
     */
    private RunReport withDeviceInit(RunReport r) {
        if (!r.firstRun() || r.initMs() > 0) {
            return r;
        }
        return new RunReport(r.format(), r.startedAt(), r.model(), r.placement(), r.parameters(), true, deviceInitMs,
                r.stages(), r.stepMs(), r.frameMs(), r.firstFrameMs(), r.totalMs(), r.memory(), r.compute());
    }

    private GenerationException error(RunnerMessage.Error e) {
        RunnerMessage.ErrorKind kind = e.kind() == null ? RunnerMessage.ErrorKind.FAILED : e.kind();
        String message = e.message() == null ? "" : e.message();
        return switch (kind) {
            case INVALID -> new InvalidRequestException(e.field() == null ? "image" : e.field(), message);
            case CANCELLED -> new GenerationCancelledException(e.stage() == null ? "device" : e.stage());
            case FATAL -> {
                broken = true;
                yield new GenerationException("the runner on " + device.serial() + " cannot go on: " + message);
            }
            case FAILED -> new GenerationException("on device " + device.serial() + ": " + message);
        };
    }

    /** The connection died mid-run: tell a device that went away from a runner that crashed. */
    private GenerationException lost(IOException cause) {
        broken = true;
        // Give adb a moment to notice an unplugged device, and the shell to report the exit.
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(4);
        while (System.nanoTime() < end && device.isAttached() && !shellEnded.isDone()) {
            sleep(100);
        }
        String why = cause == null ? "the connection closed" : cause.getMessage();
        if (!device.isAttached()) {
            return new GenerationException("device " + device.serial() + " went away mid-run (" + why
                    + "): reconnect it and generate again");
        }
        return new GenerationException("the runner on " + device.serial() + " stopped unexpectedly mid-run (" + why
                + "); nothing of it is left running. Its last output: " + tail(runnerOutput), cause);
    }

    private void sendCancel(long job) {
        try {
            synchronized (out) {
                JobProtocol.write(out, new RunnerMessage.Cancel(job));
            }
        } catch (IOException ignored) {
            // the read loop reports the lost connection
        }
    }

    /** Stops the runner (shutdown message, then hang-up, then kill by pid) and removes the forward. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (!broken) {
            try {
                synchronized (out) {
                    JobProtocol.write(out, new RunnerMessage.Shutdown());
                }
                socket.setSoTimeout(5000);
                while (true) {
                    JobProtocol.Envelope m = JobProtocol.read(in);
                    if (m == null || m.type() == MessageType.BYE) {
                        break;
                    }
                }
            } catch (IOException ignored) {
                // already gone: the steps below make sure
            }
        }
        link.close();
        try {
            shellEnded.get(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException ignored) {
            // still running: hang up below
        }
        shell.close();
        killByPidFile(device, pidFile);
        if (ownedBridge != null) {
            ownedBridge.close();
        }
    }

    /** Last resort: a runner still alive after the hang-up is killed by the pid it wrote. */
    private static void killByPidFile(Device device, String pidFile) {
        if (!device.isAttached()) {
            return;
        }
        try {
            ShellResult r = device.shell(ShellCommand.of("cat", pidFile).append("2>/dev/null"), 20);
            String pid = r.output().trim();
            if (r.ok() && pid.matches("\\d{1,9}")) {
                device.shell(DeviceWorkspace.stopRunner(pid).grouped().then(ShellCommand.of("rm", "-f", pidFile)), 20);
            }
        } catch (BridgeException ignored) {
            // device gone: nothing runs there any more
        }
    }

    private static String await(CompletableFuture<String> f, int seconds, String what) throws BridgeException {
        try {
            return f.get(seconds, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof BridgeException b) {
                throw b;
            }
            throw new BridgeException("waiting for " + what + ": " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new BridgeException("timed out after " + seconds + " s waiting for " + what);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BridgeException("interrupted waiting for " + what);
        }
    }

    static String tail(Deque<String> lines) {
        synchronized (lines) {
            return lines.isEmpty() ? "(none)" : String.join(" | ", lines);
        }
    }

    private static void closeQuietly(AutoCloseable c) {
        if (c != null) {
            try {
                c.close();
            } catch (Exception ignored) {
                // closing
            }
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
