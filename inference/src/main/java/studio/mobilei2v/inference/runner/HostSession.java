package studio.mobilei2v.inference.runner;

import studio.mobilei2v.inference.Cancellation;
import studio.mobilei2v.inference.GenerationCancelledException;
import studio.mobilei2v.inference.GenerationException;
import studio.mobilei2v.inference.GenerationListener;
import studio.mobilei2v.inference.GenerationRequest;
import studio.mobilei2v.inference.InvalidRequestException;
import studio.mobilei2v.inference.RunReport;
import studio.mobilei2v.inference.VideoFrame;
import studio.mobilei2v.inference.local.LocalVideoGenerator;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.DoubleSupplier;

/**
 * The runner's side of one host connection: hello, the loaded model (or the fatal error of a
 * model that did not load), then jobs, each on its own thread with its events streamed back,
 * cancel and shutdown. The model itself belongs to {@link RunnerMain} and outlives the host.
 */
final class HostSession {
    private final RunnerEndpoint.Client client;
    private final CompletableFuture<LocalVideoGenerator> generator;
    private final DoubleSupplier initMs;
    private boolean shutdown;

    HostSession(RunnerEndpoint.Client client, CompletableFuture<LocalVideoGenerator> generator, DoubleSupplier initMs) {
        this.client = client;
        this.generator = generator;
        this.initMs = initMs;
    }

    /** Serves the host until it hangs up or asks for a shutdown; true for a shutdown (or a model that did not load). */
    boolean serve() throws IOException {
        DataInputStream in = new DataInputStream(new BufferedInputStream(client.in(), 1 << 16));
        DataOutputStream out = new DataOutputStream(new BufferedOutputStream(client.out(), 1 << 16));
        Object writeLock = new Object();
        send(out, writeLock, new RunnerMessage.Hello(JobProtocol.VERSION, RunnerMain.pid()), JobProtocol.NO_PAYLOAD);
        LocalVideoGenerator g;
        try {
            g = generator.get();
        } catch (ExecutionException e) {
            send(out, writeLock, error(-1, RunnerMessage.ErrorKind.FATAL, null, null, "the runner could not load the model: " + e.getCause()),
                    JobProtocol.NO_PAYLOAD);
            shutdown = true;
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
        send(out, writeLock, new RunnerMessage.Loaded(initMs.getAsDouble(), g.info()), JobProtocol.NO_PAYLOAD);

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
                    return false; // host closed the connection
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
                        return true;
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
            last = error(id, RunnerMessage.ErrorKind.INVALID, e.field(), null, e.detail());
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
}
