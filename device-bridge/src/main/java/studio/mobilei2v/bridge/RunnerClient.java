package studio.mobilei2v.bridge;

import studio.mobilei2v.inference.GenerationCancelledException;
import studio.mobilei2v.inference.GenerationException;
import studio.mobilei2v.inference.GenerationListener;
import studio.mobilei2v.inference.GenerationRequest;
import studio.mobilei2v.inference.GeneratorInfo;
import studio.mobilei2v.inference.InvalidRequestException;
import studio.mobilei2v.inference.RunReport;
import studio.mobilei2v.inference.Stage;
import studio.mobilei2v.inference.VideoFrame;
import studio.mobilei2v.inference.runner.JobMessages;
import studio.mobilei2v.inference.runner.JobProtocol;
import studio.mobilei2v.inference.runner.MessageType;
import studio.mobilei2v.inference.runner.RunnerMessage;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.Socket;
import java.util.function.Supplier;

/**
 * The host's end of {@link JobProtocol} over the socket to a runner: the greeting and the model
 * load, then jobs (events to a {@link GenerationListener}, the device's report back), cancel
 * and shutdown. Knows nothing of adb; the socket's owner closes it.
 */
final class RunnerClient {
    /** Longest silence from the runner during a job before we call it hung. */
    static final int QUIET_LIMIT_MS = 180_000;

    private final String serial;
    private final Socket socket;
    private final DataInputStream in;
    private final DataOutputStream out;
    private GeneratorInfo info;
    private double initMs;
    private volatile boolean fatal;

    /** A finished job: the device's report and the bytes the job moved each way. */
    record JobResult(RunReport report, long bytesUp, long bytesDown) {
    }

    private RunnerClient(String serial, Socket socket) throws IOException {
        this.serial = serial;
        this.socket = socket;
        socket.setTcpNoDelay(true);
        socket.setSoTimeout(QUIET_LIMIT_MS);
        this.in = new DataInputStream(new BufferedInputStream(socket.getInputStream(), 1 << 16));
        this.out = new DataOutputStream(new BufferedOutputStream(socket.getOutputStream(), 1 << 16));
    }

    /**
     * Reads the runner's hello and waits for it to load the model.
     *
     * @param output the runner's last output lines, for the error messages
     */
    static RunnerClient connect(Socket socket, String serial, Supplier<String> output, java.util.function.Consumer<String> progress)
            throws BridgeException, IOException {
        RunnerClient c = new RunnerClient(serial, socket);
        JobProtocol.Envelope hello = JobProtocol.read(c.in);
        if (hello == null || hello.type() != MessageType.HELLO) {
            throw new BridgeException("the runner on " + serial + " did not greet (got "
                    + (hello == null ? "end of stream" : hello.typeName()) + "). Its output: " + output.get());
        }
        int protocol = hello.as(RunnerMessage.Hello.class).protocol();
        if (protocol != JobProtocol.VERSION) {
            throw new BridgeException("the runner on " + serial + " speaks protocol " + protocol + ", this studio " + JobProtocol.VERSION);
        }
        progress.accept("loading the model on " + serial);
        socket.setSoTimeout(600_000); // loading a large bundle on a slow phone takes a while
        JobProtocol.Envelope loaded = JobProtocol.read(c.in);
        socket.setSoTimeout(QUIET_LIMIT_MS);
        if (loaded == null) {
            throw new BridgeException("the runner on " + serial + " stopped while loading the model. Its output: " + output.get());
        }
        if (loaded.type() == MessageType.ERROR) {
            throw new BridgeException(loaded.as(RunnerMessage.Error.class).message() + " Its output: " + output.get());
        }
        RunnerMessage.Loaded l = loaded.as(RunnerMessage.Loaded.class);
        c.info = l.info();
        c.initMs = l.initMs();
        return c;
    }

    GeneratorInfo info() {
        return info;
    }

    /** Session creation on the device, measured by the runner while it loaded the model. */
    double initMs() {
        return initMs;
    }

    /** True once the runner said it cannot go on (a "fatal" error). */
    boolean fatal() {
        return fatal;
    }

    /**
     * Runs one job to its report. Events of earlier (cancelled) jobs are skipped; events of
     * types this build does not know are ignored.
     *
     * @throws EOFException the runner closed the connection
     */
    JobResult run(long job, GenerationRequest request, GenerationListener listener) throws IOException, GenerationException {
        byte[] pixels = request.image().rgb();
        long up = pixels.length + 512L;
        long down = 0;
        send(JobMessages.job(job, request), pixels);
        while (true) {
            JobProtocol.Envelope m = JobProtocol.read(in);
            if (m == null) {
                throw new EOFException("the connection closed");
            }
            down += m.payload().length + 64;
            switch (m.type()) {
                case STAGE -> {
                    RunnerMessage.Stage s = m.as(RunnerMessage.Stage.class);
                    // a stage this build does not know (Stage.DEVICE) is ignored like an unknown event
                    if (s.job() == job && s.stage() != null && s.stage() != Stage.DEVICE) {
                        listener.onStage(s.stage(), s.detail() == null ? "" : s.detail());
                    }
                }
                case STEP -> {
                    RunnerMessage.Step s = m.as(RunnerMessage.Step.class);
                    if (s.job() == job) {
                        listener.onStep(s.step(), s.steps(), s.ms());
                    }
                }
                case FRAME -> {
                    RunnerMessage.Frame f = m.as(RunnerMessage.Frame.class);
                    if (f.job() == job) {
                        listener.onFrame(f.index(), new VideoFrame(f.width(), f.height(), m.payload()), f.ms());
                    }
                }
                case REPORT -> {
                    RunnerMessage.Report r = m.as(RunnerMessage.Report.class);
                    if (r.job() == job) {
                        return new JobResult(RunReport.fromJson(r.report()), up, down);
                    }
                }
                case ERROR -> throw error(m.as(RunnerMessage.Error.class));
                default -> {
                    // newer runner, unknown event: ignore
                }
            }
        }
    }

    private GenerationException error(RunnerMessage.Error e) {
        String message = e.message() == null ? "" : e.message();
        RunnerMessage.ErrorKind kind = e.kind() == null ? RunnerMessage.ErrorKind.FAILED : e.kind();
        return switch (kind) {
            case INVALID -> new InvalidRequestException(e.field() == null ? "image" : e.field(), message);
            case CANCELLED -> new GenerationCancelledException(e.stage() == null ? Stage.DEVICE : e.stage());
            case FATAL -> {
                fatal = true;
                yield new GenerationException("the runner on " + serial + " cannot go on: " + message);
            }
            case FAILED -> new GenerationException("on device " + serial + ": " + message);
        };
    }

    /** Asks the runner to cancel {@code job}; a lost connection is left to the job's read loop. */
    void cancel(long job) {
        try {
            send(new RunnerMessage.Cancel(job), JobProtocol.NO_PAYLOAD);
        } catch (IOException ignored) {
            // the read loop reports the lost connection
        }
    }

    /** Asks the runner to exit and waits up to 5 s for its goodbye; a runner already gone is fine. */
    void shutdown() {
        try {
            send(new RunnerMessage.Shutdown(), JobProtocol.NO_PAYLOAD);
            socket.setSoTimeout(5000);
            while (true) {
                JobProtocol.Envelope m = JobProtocol.read(in);
                if (m == null || m.type() == MessageType.BYE) {
                    break;
                }
            }
        } catch (IOException ignored) {
            // already gone: the process is stopped anyway
        }
    }

    private void send(RunnerMessage m, byte[] payload) throws IOException {
        synchronized (out) {
            JobProtocol.write(out, m, payload);
        }
    }
}
