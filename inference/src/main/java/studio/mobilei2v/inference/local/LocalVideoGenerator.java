package studio.mobilei2v.inference.local;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import studio.mobilei2v.inference.Cancellation;
import studio.mobilei2v.inference.GenerationCancelledException;
import studio.mobilei2v.inference.GenerationException;
import studio.mobilei2v.inference.GenerationListener;
import studio.mobilei2v.inference.GenerationRequest;
import studio.mobilei2v.inference.GeneratorInfo;
import studio.mobilei2v.inference.InvalidRequestException;
import studio.mobilei2v.inference.ModelImage;
import studio.mobilei2v.inference.RunReport;
import studio.mobilei2v.inference.Stage;
import studio.mobilei2v.inference.VideoFrame;
import studio.mobilei2v.inference.VideoGenerator;
import studio.mobilei2v.inference.bundle.BundleException;
import studio.mobilei2v.inference.bundle.FrameSize;
import studio.mobilei2v.inference.bundle.GraphRole;
import studio.mobilei2v.inference.bundle.TensorNames;
import studio.mobilei2v.inference.bundle.LatentSpec;
import studio.mobilei2v.inference.bundle.ModelBundle;
import studio.mobilei2v.inference.bundle.SigmaSchedule;
import studio.mobilei2v.inference.bundle.Variant;
import studio.mobilei2v.inference.sampler.EulerSampler;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The pipeline of docs/BUNDLE.md on this machine's ONNX Runtime: preprocess, encoder, seeded
 * noise with latent frame 0 replaced, rectified-flow Euler steps on the denoiser (frame 0
 * re-written after each), then the decoder once per output frame (a vae-chunk decoder once per
 * window of latent frames), each frame handed to the listener as soon as it exists.
 *
 * <p>One session per graph role, created on first use and reused by every later run (so the
 * first run reports the session creation as {@code initMs}); {@link #warmUp()} creates them
 * ahead of time. Runs are serialised: a second {@code generate} waits for the first.
 */
public final class LocalVideoGenerator implements VideoGenerator {

    private final ModelBundle bundle;
    private final Variant variant;
    private final LocalOptions options;
    private final OrtEnvironment env;
    private final GraphSessionPool sessions;
    private final ReentrantLock runLock = new ReentrantLock();
    private volatile boolean running;
    private boolean hasRun;
    private boolean closed;

    private LocalVideoGenerator(ModelBundle bundle, Variant variant, LocalOptions options) {
        this.bundle = bundle;
        this.variant = variant;
        this.options = options;
        this.env = OrtRuntime.environment();
        this.sessions = new GraphSessionPool(bundle, variant, options, env);
    }

    /**
     * A generator for a bundle's variant. Cheap: sessions are created on first use.
     *
     * @throws BundleException when the bundle lacks the variant
     */
    public static LocalVideoGenerator open(ModelBundle bundle, LocalOptions options) throws BundleException {
        return new LocalVideoGenerator(bundle, bundle.variant(options.variant()), options);
    }

    public ModelBundle bundle() {
        return bundle;
    }

    /** True while a generate() call is executing. */
    public boolean isRunning() {
        return running;
    }

    /**
     * Creates the sessions the default schedule needs (encoder, its denoiser, decoder) and checks
     * their I/O against the manifest.
     *
     * @return milliseconds spent creating sessions (0 when all existed)
     */
    public double warmUp() throws BundleException {
        runLock.lock();
        try {
            SigmaSchedule s = bundle.sampler().resolve(null).orElseThrow();
            long t = System.nanoTime();
            session(GraphRole.ENCODER);
            if (variant.hasGraph(s.denoiser())) {
                session(s.denoiser());
            }
            session(GraphRole.DECODER);
            return (System.nanoTime() - t) / 1e6;
        } finally {
            runLock.unlock();
        }
    }

    @Override
    public GeneratorInfo info() {
        return new GeneratorInfo(options.target(), bundle.name(), bundle.version(), variant.name(),
                options.executionProvider(), options.effectiveThreads());
    }

    @Override
    public RunReport generate(GenerationRequest request, GenerationListener listener, Cancellation cancel)
            throws GenerationException {
        GenerationListener l = listener == null ? GenerationListener.NONE : listener;
        Cancellation c = cancel == null ? Cancellation.none() : cancel;
        runLock.lock();
        running = true;
        try {
            if (closed) {
                throw new GenerationException("generator for " + bundle.name() + " is closed");
            }
            return new Run(request, l, c).execute();
        } finally {
            running = false;
            runLock.unlock();
        }
    }

    /** The session of a role, created (and checked) on first use. Call with the run lock held. */
    GraphSession session(GraphRole role) throws BundleException {
        return sessions.session(role);
    }

    /**
     * ONNX Runtime's per-node profiles by graph role, written when this generator closed (options
     * with {@link LocalOptions#withProfile}); empty before that or without profiling.
     */
    public Map<String, Path> profiles() {
        runLock.lock();
        try {
            return sessions.profiles();
        } finally {
            runLock.unlock();
        }
    }

    boolean hasSession(GraphRole role) {
        return sessions.has(role);
    }

    @Override
    public void close() {
        runLock.lock();
        try {
            if (!closed) {
                closed = true;
                sessions.close();
            }
        } finally {
            runLock.unlock();
        }
    }

    /** Checks the conditioning parameters of a request (null: the bundle's defaults). */
    RequestPlan plan(String scheduleName, Double motionScore, String cameraName) throws InvalidRequestException {
        return RequestPlan.of(bundle, variant, scheduleName, motionScore, cameraName);
    }

    // ---------------------------------------------------------------- pipeline pieces
    // Package-private so parity tests can drive each stage with fixture tensors.

    /** The picture -> the encoder's input tensor ({@link Preprocessing}). */
    float[] preprocess(ModelImage img) {
        return Preprocessing.encoderInput(img, bundle.decoder().working(), bundle.manifest().image());
    }

    /** Encoder: image tensor -> first latent frame z0 [C*h*w]. */
    float[] encode(float[] image, OrtSession.RunOptions ro) throws BundleException, OrtException {
        GraphSession enc = session(GraphRole.ENCODER);
        enc.input(TensorNames.ENCODER_IMAGE).put(image);
        enc.run(ro);
        float[] z0 = new float[enc.output().count()];
        enc.output().get(0, z0, 0, z0.length);
        return z0;
    }

    private EulerSampler sampler() {
        LatentSpec l = bundle.latent();
        return new EulerSampler(l.channels(), l.frames(), l.height() * l.width());
    }

    /**
     * A run stops when its Cancellation fires or when its thread is interrupted (an executor's
     * Future.cancel(true)); the interrupt flag is left set for the caller.
     */
    static void checkCancelled(Cancellation cancel, Stage stage) throws GenerationCancelledException {
        if (cancel.isCancelled() || Thread.currentThread().isInterrupted()) {
            throw new GenerationCancelledException(stage);
        }
    }

    /** Called after each sampler step. */
    interface StepObserver {
        void stepDone(int step, int steps, double ms) throws GenerationCancelledException;
    }

    /** Seeded noise [C,F,h,w] with latent frame 0 replaced by z0: the sampler's starting point. */
    float[] initialLatents(long seed, float[] z0) {
        return sampler().initialLatents(seed, z0);
    }

    /** The sampler's steps on x in place, the denoiser graph as its velocity (EulerSampler). */
    void denoise(float[] x, float[] z0, RequestPlan plan, OrtSession.RunOptions ro, Cancellation cancel,
                 StepObserver observer) throws BundleException, OrtException, GenerationCancelledException {
        SigmaSchedule schedule = plan.schedule();
        GraphSession den = session(schedule.denoiser());
        TensorSlot latents = den.input(TensorNames.DENOISER_LATENTS);
        TensorSlot timestep = den.input(TensorNames.DENOISER_TIMESTEP);
        if (den.hasInput(TensorNames.DENOISER_MOTION)) {
            den.input(TensorNames.DENOISER_MOTION).putScalar((float) plan.motionScore());
        }
        if (den.hasInput(TensorNames.DENOISER_CAMERA)) {
            den.input(TensorNames.DENOISER_CAMERA).putInteger(plan.cameraIndex());
        }
        try {
            sampler().sample(x, z0, schedule.sigmas(), bundle.sampler().timestepScale(), (xs, t, v) -> {
                checkCancelled(cancel, Stage.DENOISER);
                timestep.put(t);
                latents.put(xs);
                den.run(ro);
                den.output().get(0, v, 0, v.length);
            }, observer::stepDone);
        } catch (BundleException | OrtException | GenerationCancelledException | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("sampler failed: " + e, e);
        }
    }

    /** Streaming decoding of the final latents x for a picture at the output size. */
    FrameDecoding decoding(float[] x, ModelImage picture, float[] workingPicture) {
        return new FrameDecoding(sessions, bundle.latent(), bundle.decoder(), bundle.manifest().image(), x,
                picture.rgb(), picture.width(), picture.height(), workingPicture);
    }

    /** One generate() call. */
    private final class Run {
        private final GenerationRequest request;
        private final GenerationListener listener;
        private final Cancellation cancel;
        private final long t0 = System.nanoTime();
        private final String startedAt = Instant.now().toString();
        private long heapPeak = ProcessMemory.usedHeapBytes();
        private Stage stage = Stage.INIT;

        Run(GenerationRequest request, GenerationListener listener, Cancellation cancel) {
            this.request = request;
            this.listener = listener;
            this.cancel = cancel;
        }

        private double msSince(long t) {
            return (System.nanoTime() - t) / 1e6;
        }

        private void sampleHeap() {
            heapPeak = Math.max(heapPeak, ProcessMemory.usedHeapBytes());
        }

        private void enter(Stage name, String detail) throws GenerationCancelledException {
            stage = name;
            checkCancelled(cancel, name);
            listener.onStage(name, detail);
        }

        /** Memory.oneSession: closes one stage's session, then opens the next one's; returns the ms that took. */
        private double swapSessions(GraphRole done, GraphRole next) throws BundleException {
            sessions.release(done);
            long t = System.nanoTime();
            session(next);
            return msSince(t);
        }

        RunReport execute() throws GenerationException {
            RequestPlan plan = RequestPlan.of(bundle, variant, request);
            boolean firstRun = !hasRun;
            boolean rssPerRun = ProcessMemory.resetPeak();
            ModelImage picture = request.image();
            int frames = bundle.video().frames();
            SigmaSchedule schedule = plan.schedule();
            GraphRole denoiserRole = schedule.denoiser();
            try {
                double initMs = 0;
                boolean staged = options.memory().oneSession(); // then init also counts the later stages' sessions
                if (!hasSession(GraphRole.ENCODER) || !staged && (!hasSession(denoiserRole) || !hasSession(GraphRole.DECODER))) {
                    enter(Stage.INIT, "creating ONNX Runtime sessions (" + variant.name() + (staged ? ", one at a time" : "") + ")");
                    long t = System.nanoTime();
                    session(GraphRole.ENCODER);
                    if (!staged) {
                        session(denoiserRole);
                        session(GraphRole.DECODER);
                    }
                    initMs = msSince(t);
                }
                hasRun = true;
                try (Terminator terminator = new Terminator();
                     Cancellation.Registration ignored = cancel.onCancel(terminator::terminate)) {
                    OrtSession.RunOptions ro = terminator.options();

                    FrameSize work = bundle.decoder().working();
                    enter(Stage.PREPROCESS, picture.width() + "x" + picture.height()
                            + (bundle.decoder().warps() ? " -> " + work : ""));
                    long t = System.nanoTime();
                    float[] image = preprocess(picture);
                    double preprocessMs = msSince(t);

                    enter(Stage.ENCODER, "");
                    t = System.nanoTime();
                    float[] z0 = encode(image, ro);
                    double encoderMs = msSince(t);
                    sampleHeap();
                    if (staged) {
                        initMs += swapSessions(GraphRole.ENCODER, denoiserRole);
                    }

                    enter(Stage.DENOISER, schedule.name() + ", " + schedule.steps()
                            + (schedule.steps() == 1 ? " step" : " steps"));
                    long tDen = System.nanoTime();
                    float[] x = initialLatents(request.seed(), z0);
                    List<Double> stepMs = new ArrayList<>(schedule.steps());
                    denoise(x, z0, plan, ro, cancel, (k, n, ms) -> {
                        stepMs.add(ms);
                        listener.onStep(k, n, ms);
                        sampleHeap();
                    });
                    double denoiserMs = msSince(tDen);
                    if (staged) {
                        initMs += swapSessions(denoiserRole, GraphRole.DECODER);
                    }

                    enter(Stage.DECODER, frames + " frames" + (bundle.decoder().warps()
                            ? ", the picture warped at " + picture.width() + "x" + picture.height()
                            : bundle.decoder().chunks() ? ", " + bundle.decoder().window() + " latent frames per call" : ""));
                    FrameDecoding decoding = decoding(x, picture, image);
                    List<Double> frameMs = new ArrayList<>(frames);
                    double firstFrameMs = 0;
                    for (int f = 0; f < frames; f++) {
                        checkCancelled(cancel, Stage.DECODER);
                        long tf = System.nanoTime();
                        VideoFrame frame = new VideoFrame(picture.width(), picture.height(), decoding.frame(f, ro));
                        double ms = msSince(tf);
                        frameMs.add(ms);
                        if (f == 0) {
                            firstFrameMs = msSince(t0);
                        }
                        listener.onFrame(f, frame, ms);
                        sampleHeap();
                    }
                    if (staged) {
                        sessions.release(GraphRole.DECODER);
                    }
                    double totalMs = msSince(t0);
                    RunReport report = new RunMeasurements(startedAt, firstRun, initMs, preprocessMs, encoderMs,
                            denoiserMs, decoding.decoderMs(), decoding.warpMs(), decoding.decoderCalls(), stepMs, frameMs, firstFrameMs, totalMs,
                            heapPeak, rssPerRun).report(bundle, variant, options, env.getVersion(), request, plan);
                    stage = Stage.DONE;
                    listener.onStage(Stage.DONE, String.format(Locale.ROOT, "%.0f ms", totalMs));
                    return report;
                }
            } catch (OrtException e) {
                if (cancel.isCancelled() || Thread.currentThread().isInterrupted()) {
                    throw new GenerationCancelledException(stage);
                }
                throw new GenerationException(stage + " failed in ONNX Runtime: " + e.getMessage(), e);
            } catch (BundleException e) {
                throw new GenerationException(e.getMessage(), e);
            } catch (GenerationException e) {
                throw e;
            } catch (RuntimeException e) {
                throw new GenerationException(stage + " failed: " + e, e);
            }
        }
    }
}
