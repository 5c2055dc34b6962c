package studio.mobilei2v.bridge;

import studio.mobilei2v.inference.runner.RunnerMain;

import java.io.IOException;
import java.net.Socket;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The runner process on a device: the shell that started it (its output lines kept for error
 * messages), its pid file, and once it listens the {@link RunnerLink} to it. {@link #stop}
 * removes the forward, hangs up the shell and, as a last resort, kills the pid in the pid file.
 */
final class RunnerProcess {
    private static final int OUTPUT_LINES_KEPT = 40;

    private final Device device;
    private final String pidFile;
    private final Deque<String> output = new ArrayDeque<>();
    private final CompletableFuture<String> listening = new CompletableFuture<>();
    private final CompletableFuture<Throwable> ended = new CompletableFuture<>();
    private Device.RunningCommand shell;
    private RunnerLink link;

    private RunnerProcess(Device device, String pidFile) {
        this.device = device;
        this.pidFile = pidFile;
    }

    /** Starts {@code launch} from a device shell; the runner writes its pid to {@code pidFile}. */
    static RunnerProcess start(Device device, ShellCommand launch, String pidFile) throws BridgeException {
        RunnerProcess p = new RunnerProcess(device, pidFile);
        p.shell = device.start(launch, p::onLine, failure -> {
            p.ended.complete(failure);
            p.listening.completeExceptionally(new BridgeException("the runner on " + device.serial()
                    + " exited before it listened. Its output: " + p.tail()));
        });
        return p;
    }

    private void onLine(String line) {
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
    }

    /**
     * Waits for the runner to listen and connects to it ({@code adb forward}, or a stream
     * through a remote server).
     *
     * @param requested the address the runner was asked to listen on
     */
    Socket connect(String requested, int seconds) throws BridgeException, IOException {
        String address = await(listening, seconds, "the runner to start listening");
        link = RunnerLink.open(device, address, requested);
        return link.socket();
    }

    Device device() {
        return device;
    }

    /** True once the runner's shell has ended (the runner exited or was hung up). */
    boolean hasEnded() {
        return ended.isDone();
    }

    /** The runner's last output lines, joined for an error message. */
    String tail() {
        synchronized (output) {
            return output.isEmpty() ? "(none)" : String.join(" | ", output);
        }
    }

    /**
     * Closes the link (removing the forward), gives the runner {@code graceSeconds} to exit on
     * its own, hangs up its shell, and kills it by its pid if it is still there.
     */
    void stop(int graceSeconds) {
        if (link != null) {
            link.close();
        }
        if (graceSeconds > 0) {
            try {
                ended.get(graceSeconds, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (ExecutionException | TimeoutException ignored) {
                // still running: hang up below
            }
        }
        shell.close();
        killByPidFile();
    }

    /** Last resort: a runner still alive after the hang-up is killed by the pid it wrote. */
    private void killByPidFile() {
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
}
