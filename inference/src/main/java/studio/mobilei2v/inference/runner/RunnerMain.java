package studio.mobilei2v.inference.runner;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtProvider;
import studio.mobilei2v.inference.Cancellation;
import studio.mobilei2v.inference.GenerationCancelledException;
import studio.mobilei2v.inference.GenerationException;
import studio.mobilei2v.inference.GenerationListener;
import studio.mobilei2v.inference.GenerationRequest;
import studio.mobilei2v.inference.InvalidRequestException;
import studio.mobilei2v.inference.RunReport;
import studio.mobilei2v.inference.VideoFrame;
import studio.mobilei2v.inference.bundle.ModelBundle;
import studio.mobilei2v.inference.local.LocalOptions;
import studio.mobilei2v.inference.local.LocalVideoGenerator;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The device runner: loads a bundle's variant once, keeps it loaded, and serves generation jobs
 * to one host at a time over {@link JobProtocol}. Started by the studio's device bridge
 * ({@code java -cp ...} on a device with a JVM, {@code app_process} with the DEX on Android).
 *
 * <p>Lines on stdout are for the host: {@value #LISTENING}ADDRESS once listening, then
 * {@value #LOADED}MS or {@value #FAILED}MESSAGE. The runner exits on a shutdown message, when
 * no host was connected for --idle-exit-seconds, or when the host's shell hangs up.
 */
public final class RunnerMain {
    public static final String LISTENING = "MOBILEI2V-RUNNER LISTENING ";
    public static final String LOADED = "MOBILEI2V-RUNNER LOADED ";
    public static final String FAILED = "MOBILEI2V-RUNNER FAILED ";

    private final RunnerOptions options;
    private final CompletableFuture<LocalVideoGenerator> generator = new CompletableFuture<>();
    private volatile double initMs;
    private volatile boolean shutdown;

    private RunnerMain(RunnerOptions options) {
        this.options = options;
    }

    public static void main(String[] args) {
        RunnerOptions options;
        try {
            options = RunnerOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.out.println(FAILED + e.getMessage());
            System.exit(2);
            return;
        }
        int code = new RunnerMain(options).run();
        System.exit(code);
    }

    private int run() {
        try (RunnerEndpoint endpoint = RunnerEndpoint.open(options.listen())) {
            writePid();
            say(LISTENING + endpoint.address());
            Thread loader = new Thread(this::load, "runner-load");
            loader.setDaemon(true);
            loader.start();
            while (!shutdown) {
                RunnerEndpoint.Client client = endpoint.accept(options.idleExitSeconds() * 1000);
                if (client == null) {
                    say("MOBILEI2V-RUNNER IDLE-EXIT no host for " + options.idleExitSeconds() + " s");
                    break;
                }
                try (client) {
                    serve(client);
                } catch (IOException e) {
                    // the host went away mid-conversation; the model stays loaded for the next one
                }
            }
            return 0;
        } catch (IOException | RuntimeException e) {
            say(FAILED + e);
            return 1;
        } finally {
            if (generator.isDone() && !generator.isCompletedExceptionally()) {
                generator.join().close();
            }
            deletePid();
        }
    }

    private void load() {
        try {
            ModelBundle bundle = ModelBundle.open(options.bundle());
            PhoneRuntime.preloadOnnxRuntime();
            int threads = PhoneRuntime.threads(options.threads());
            String ep = PhoneRuntime.executionProvider(options.executionProvider(), availableProviders());
            // No spinning: on a phone, idle ORT threads that spin cost battery and heat.
            LocalOptions lo = new LocalOptions(options.variant(), threads, ep, false, options.target(), options.device());
            LocalVideoGenerator g = LocalVideoGenerator.open(bundle, lo);
            initMs = g.warmUp();
            generator.complete(g);
            say(LOADED + initMs);
        } catch (Exception | LinkageError e) {
            // LinkageError: the ONNX Runtime native library could not be loaded on this device
            generator.completeExceptionally(e);
            say(FAILED + "loading " + options.bundle() + " (" + options.variant() + "): " + e);
        }
    }

    private static Set<String> availableProviders() {
        Set<String> names = new HashSet<>();
        for (OrtProvider p : OrtEnvironment.getAvailableProviders()) {
            names.add(p.name());
        }
        return names;
    }

    private void serve(RunnerEndpoint.Client client) throws IOException {
        DataInputStream in = new DataInputStream(new BufferedInputStream(client.in(), 1 << 16));
        DataOutputStream out = new DataOutputStream(new BufferedOutputStream(client.out(), 1 << 16));
        Object writeLock = new Object();
        send(out, writeLock, new RunnerMessage.Hello(JobProtocol.VERSION, pid()), JobProtocol.NO_PAYLOAD);
        LocalVideoGenerator g;
        try {
            g = generator.get();
        } catch (ExecutionException e) {
            send(out, writeLock, error(-1, RunnerMessage.ErrorKind.FATAL, null, null, "the runner could not load the model: " + e.getCause()),
                    JobProtocol.NO_PAYLOAD);
            shutdown = true;
            return;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        send(out, writeLock, new RunnerMessage.Loaded(initMs, g.info()), JobProtocol.NO_PAYLOAD);

        AtomicReference<Cancellation> current = new AtomicReference<>();
        // True from a job's start until its outcome is decided; cleared before the last event is
        // sent, so a host that sends the next job as soon as it reads that event is never refused.
        AtomicBoolean busy = new AtomicBoolean();
        Thread job = null;
        try {
            while (true) {
                JobProtocol.Envelope m;
                try {
                    m = JobProtocol.read(in);
                } catch (JobProtocol.MalformedMessageException e) {
                    send(out, writeLock, error(e.job(), RunnerMessage.ErrorKind.INVALID, "image", null, e.getMessage()), JobProtocol.NO_PAYLOAD);
                    continue;
                }
                if (m == null) {
                    return; // host closed the connection
                }
                switch (m.type()) {
                    case JOB -> {
                        RunnerMessage.Job j = m.as(RunnerMessage.Job.class);
                        long id = j.job();
                        if (busy.get()) {
                            send(out, writeLock, error(id, RunnerMessage.ErrorKind.FAILED, null, null, "a job is already running on this device"),
                                    JobProtocol.NO_PAYLOAD);
                            continue;
                        }
                        GenerationRequest request;
                        try {
                            request = JobMessages.request(j, m.payload());
                        } catch (IOException | IllegalArgumentException e) {
                            send(out, writeLock, error(id, RunnerMessage.ErrorKind.INVALID, "image", null, e.getMessage()), JobProtocol.NO_PAYLOAD);
                            continue;
                        }
                        Cancellation cancel = new Cancellation();
                        current.set(cancel);
                        busy.set(true);
                        job = new Thread(() -> runJob(g, id, request, cancel, out, writeLock, busy), "runner-job-" + id);
                        job.start();
                    }
                    case CANCEL -> {
                        Cancellation c = current.get();
                        if (c != null) {
                            c.cancel();
                        }
                    }
                    case SHUTDOWN -> {
                        shutdown = true;
                        return;
                    }
                    default -> send(out, writeLock, error(-1, RunnerMessage.ErrorKind.FAILED, null, null, "unknown message type " + m.typeName()),
                            JobProtocol.NO_PAYLOAD);
                }
            }
        } finally {
            // Whatever ended the conversation, no job keeps running for a host that is gone.
            Cancellation c = current.get();
            if (c != null) {
                c.cancel();
            }
            if (job != null) {
                try {
                    job.join();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            if (shutdown) {
                try {
                    send(out, writeLock, new RunnerMessage.Bye(), JobProtocol.NO_PAYLOAD);
                } catch (IOException ignored) {
                    // host already gone
                }
            }
        }
    }

    private void runJob(LocalVideoGenerator g, long id, GenerationRequest request, Cancellation cancel,
                        DataOutputStream out, Object writeLock, AtomicBoolean busy) {
        RunnerMessage last;
        try {
            RunReport report = g.generate(request, new GenerationListener() {
                @Override
                public void onStage(String stage, String detail) {
                    sendOrCancel(new RunnerMessage.Stage(id, stage, detail), JobProtocol.NO_PAYLOAD);
                }

                @Override
                public void onStep(int step, int steps, double ms) {
                    sendOrCancel(new RunnerMessage.Step(id, step, steps, ms), JobProtocol.NO_PAYLOAD);
                }

                @Override
                public void onFrame(int index, VideoFrame frame, double ms) {
                    sendOrCancel(new RunnerMessage.Frame(id, index, frame.width(), frame.height(), ms), frame.rgb());
                }

                private void sendOrCancel(RunnerMessage h, byte[] payload) {
                    try {
                        send(out, writeLock, h, payload);
                    } catch (IOException e) {
                        cancel.cancel(); // nobody is listening any more
                    }
                }
            }, cancel);
            last = new RunnerMessage.Report(id, report.toJson());
        } catch (GenerationCancelledException e) {
            last = error(id, RunnerMessage.ErrorKind.CANCELLED, null, e.stage(), e.getMessage());
        } catch (InvalidRequestException e) {
            last = error(id, RunnerMessage.ErrorKind.INVALID, e.field(), null, e.getMessage());
        } catch (GenerationException | RuntimeException | LinkageError e) {
            // LinkageError: e.g. an execution provider's native code missing on this device
            last = error(id, RunnerMessage.ErrorKind.FAILED, null, null, String.valueOf(e.getMessage()));
        }
        busy.set(false);
        trySend(out, writeLock, last);
    }

    private static RunnerMessage error(long job, RunnerMessage.ErrorKind kind, String field, String stage, String message) {
        return new RunnerMessage.Error(job, kind, field, stage, message);
    }

    private static void trySend(DataOutputStream out, Object lock, RunnerMessage h) {
        try {
            send(out, lock, h, JobProtocol.NO_PAYLOAD);
        } catch (IOException ignored) {
            // host gone
        }
    }

    private static void send(DataOutputStream out, Object lock, RunnerMessage h, byte[] payload) throws IOException {
        synchronized (lock) {
            JobProtocol.write(out, h, payload);
        }
    }

    private static void say(String line) {
        System.out.println(line);
        System.out.flush();
    }

    /** Our pid from /proc/self, which Linux and Android both have (ProcessHandle is not on ART). */
    static long pid() {
        try {
            return Long.parseLong(Files.readSymbolicLink(Path.of("/proc/self")).toString());
        } catch (IOException | NumberFormatException | UnsupportedOperationException e) {
            return -1;
        }
    }

    private void writePid() throws IOException {
        Path p = options.pidFile();
        if (p != null) {
            Files.createDirectories(p.toAbsolutePath().getParent());
            Path tmp = p.resolveSibling(p.getFileName() + ".tmp");
            Files.write(tmp, (pid() + "\n").getBytes(StandardCharsets.US_ASCII));
            Files.move(tmp, p, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        }
    }

    private void deletePid() {
        Path p = options.pidFile();
        if (p != null) {
            try {
                Files.deleteIfExists(p);
            } catch (IOException ignored) {
                // best effort: the host's clean removes the folder anyway
            }
        }
    }
}
