package studio.mobilei2v.inference.runner;

import studio.mobilei2v.inference.ExecutionProvider;
import studio.mobilei2v.inference.bundle.ModelBundle;
import studio.mobilei2v.inference.local.LocalOptions;
import studio.mobilei2v.inference.local.LocalVideoGenerator;
import studio.mobilei2v.inference.local.Providers;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;

/**
 * The device runner: loads a bundle's variant once, keeps it loaded, and serves generation jobs
 * to one host at a time over {@link JobProtocol} (each host a {@link HostSession}). Started by the studio's device bridge
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
    private boolean shutdown;

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
                    shutdown = new HostSession(client, generator, () -> initMs).serve();
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
            ExecutionProvider ep = PhoneRuntime.executionProvider(options.executionProvider(), Providers.available());
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
            studio.mobilei2v.inference.io.AtomicFiles.write(p, (pid() + "\n").getBytes(StandardCharsets.US_ASCII));
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
