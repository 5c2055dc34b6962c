package studio.mobilei2v.bridge;

import studio.mobilei2v.bridge.runner.DeviceRunOptions;
import studio.mobilei2v.bridge.runner.TransferReport;
import studio.mobilei2v.inference.Cancellation;
import studio.mobilei2v.inference.GenerationException;
import studio.mobilei2v.inference.GenerationListener;
import studio.mobilei2v.inference.GenerationRequest;
import studio.mobilei2v.inference.GeneratorInfo;
import studio.mobilei2v.inference.RunReport;
import studio.mobilei2v.inference.bundle.ModelBundle;
import studio.mobilei2v.inference.local.LocalOptions;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A {@link studio.mobilei2v.inference.VideoGenerator} that runs on a device over ADB, the way
 * scrcpy runs its server: {@link DeviceLauncher} pushes the runner and the bundle (content-hash
 * cache), starts the runner from a device shell and {@code adb forward}s a local port to it;
 * {@link RunnerClient} speaks {@link studio.mobilei2v.inference.runner.JobProtocol} to it.
 * The model stays loaded between runs; {@link #close()} stops the runner and removes the forward.
 * Device-side timings come back in the device's RunReport; link time is in {@link #transfer()}.
 */
public final class DeviceVideoGenerator implements studio.mobilei2v.inference.VideoGenerator {
    private final DeviceLauncher.Launched launched;
    private final RunnerClient client;
    private final ReentrantLock runLock = new ReentrantLock();
    private volatile TransferReport transfer;
    private volatile boolean broken;
    private volatile boolean closed;
    /** A bridge this generator opened itself (the command-line entry point) and closes with it. */
    private DeviceBridge ownedBridge;
    private long nextJob = 1;

    private DeviceVideoGenerator(DeviceLauncher.Launched launched, RunnerClient client, TransferReport transfer) {
        this.launched = launched;
        this.client = client;
        this.transfer = transfer;
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
                    options.executionProvider().optionName(), 600, null, null);
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
        DeviceLauncher.Launched l = DeviceLauncher.launch(bridge, serial, bundle, options);
        RunnerProcess process = l.process();
        try {
            RunnerClient client = RunnerClient.connect(l.socket(), l.device().serial(), process::tail, options.progress());
            int sent = 0;
            int cached = 0;
            long bytes = 0;
            for (ContentStore.Pushed p : l.pushes()) {
                if (p.cached()) {
                    cached++;
                } else {
                    sent++;
                    bytes += p.bytes();
                }
            }
            TransferReport transfer = new TransferReport(sent, cached, bytes, (System.nanoTime() - t0) / 1e6, l.pushMs(), 0, 0, 0, 0, 0);
            return new DeviceVideoGenerator(l, client, transfer);
        } catch (IOException e) {
            process.stop(0);
            throw DeviceLauncher.unreachable(process, e);
        } catch (BridgeException | RuntimeException e) {
            process.stop(0);
            throw e;
        }
    }

    @Override
    public GeneratorInfo info() {
        return client.info();
    }

    public String serial() {
        return launched.device().serial();
    }

    public DeviceFacts facts() {
        return launched.facts();
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
        return launched.store().workFolder();
    }

    @Override
    public RunReport generate(GenerationRequest request, GenerationListener listener, Cancellation cancel)
            throws GenerationException {
        Cancellation c = Objects.requireNonNullElse(cancel, Cancellation.none());
        runLock.lock();
        try {
            if (closed || broken) {
                throw new GenerationException("the device runner on " + serial() + " is no longer available; open a new one");
            }
            c.throwIfCancelled("queued");
            long job = nextJob++;
            long t0 = System.nanoTime();
            try (Cancellation.Registration ignored = c.onCancel(() -> client.cancel(job))) {
                RunnerClient.JobResult r = client.run(job, request, Objects.requireNonNullElse(listener, GenerationListener.NONE));
                RunReport report = withDeviceInit(r.report());
                transfer = transfer.withRun(r.bytesUp(), r.bytesDown(), (System.nanoTime() - t0) / 1e6, report.totalMs());
                return report;
            } finally {
                broken |= client.fatal();
            }
        } catch (SocketTimeoutException e) {
            broken = true;
            throw new GenerationException("the runner on " + serial() + " sent nothing for " + RunnerClient.QUIET_LIMIT_MS / 1000
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
        return new RunReport(r.format(), r.startedAt(), r.model(), r.placement(), r.parameters(), true, client.initMs(),
                r.stages(), r.stepMs(), r.frameMs(), r.firstFrameMs(), r.totalMs(), r.memory(), r.compute());
    }

    /** The connection died mid-run: tell a device that went away from a runner that crashed. */
    private GenerationException lost(IOException cause) {
        broken = true;
        Device device = launched.device();
        // Give adb a moment to notice an unplugged device, and the shell to report the exit.
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(4);
        while (System.nanoTime() < end && device.isAttached() && !launched.process().hasEnded()) {
            sleep(100);
        }
        String why = cause.getMessage();
        if (!device.isAttached()) {
            return new GenerationException("device " + device.serial() + " went away mid-run (" + why
                    + "): reconnect it and generate again");
        }
        return new GenerationException("the runner on " + device.serial() + " stopped unexpectedly mid-run (" + why
                + "); nothing of it is left running. Its last output: " + launched.process().tail(), cause);
    }

    /** Stops the runner (shutdown message, then hang-up, then kill by pid) and removes the forward. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (!broken) {
            client.shutdown();
        }
        launched.process().stop(5);
        if (ownedBridge != null) {
            ownedBridge.close();
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
