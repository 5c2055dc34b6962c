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
import studio.mobilei2v.inference.Stages;
import studio.mobilei2v.inference.VideoFrame;
import studio.mobilei2v.inference.VideoGenerator;
import studio.mobilei2v.inference.bundle.BundleException;
import studio.mobilei2v.inference.bundle.CameraMotionSpec;
import studio.mobilei2v.inference.bundle.FileEntry;
import studio.mobilei2v.inference.bundle.GraphSpec;
import studio.mobilei2v.inference.bundle.GraphRoles;
import studio.mobilei2v.inference.bundle.ImageSpec;
import studio.mobilei2v.inference.bundle.LatentSpec;
import studio.mobilei2v.inference.bundle.ModelBundle;
import studio.mobilei2v.inference.bundle.MotionScoreSpec;
import studio.mobilei2v.inference.bundle.SigmaSchedule;
import studio.mobilei2v.inference.bundle.Variant;
import studio.mobilei2v.inference.bundle.VideoSpec;
import studio.mobilei2v.inference.sampler.SeededNoise;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The pipeline of docs/BUNDLE.md on this machine's ONNX Runtime: preprocess, encoder, seeded
 * noise with latent frame 0 replaced, rectified-flow Euler steps on the denoiser (frame 0
 * re-written after each), then the decoder once per output frame, each frame handed to the
 * listener as soon as it exists.
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
    private final Map<String, GraphSession> sessions = new HashMap<>();
    private final ReentrantLock runLock = new ReentrantLock();
    private final OptimizedGraphCache graphCache;
    private final Map<String, Path> profiles = new java.util.TreeMap<>();
    private volatile boolean running;
    private boolean hasRun;
    private boolean closed;

    private LocalVideoGenerator(ModelBundle bundle, Variant variant, LocalOptions options) {
        this.bundle = bundle;
        this.variant = variant;
        this.options = options;
        this.env = OrtRuntime.environment();
        LocalOptions.GraphCache gc = options.graphCache();
        this.graphCache = !gc.enabled() ? null
                : new OptimizedGraphCache(gc.dirOrNull() != null ? gc.dirOrNull() : OptimizedGraphCache.defaultDir());
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

    public LocalOptions options() {
        return options;
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
            session(GraphRoles.ENCODER);
            if (variant.hasGraph(s.denoiser())) {
                session(s.denoiser());
            }
            session(GraphRoles.DECODER);
            return (System.nanoTime() - t) / 1e6;
        } finally {
            runLock.unlock();
        }
    }

    @Override
    public GeneratorInfo info() {
        return new GeneratorInfo(options.target(), bundle.name(), bundle.version(), variant.name(),
                options.executionProvider().toUpperCase(Locale.ROOT), options.effectiveThreads());
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
    GraphSession session(String role) throws BundleException {
        GraphSession s = sessions.get(role);
        if (s == null) {
            String rel = variant.graphs().get(role);
            if (rel == null) {
                throw new BundleException(studio.mobilei2v.inference.bundle.Manifest.FILE_NAME,
                        "variants." + variant.name() + ".graphs." + role, "is missing");
            }
            s = openSession(rel, bundle.graph(role));
            sessions.put(role, s);
        }
        return s;
    }

    /**
     * From the optimised-graph cache when it has this graph (no optimisation passes), otherwise
     * from the bundle with full optimisation, saving the optimised graph for next time.
     */
    private GraphSession openSession(String rel, GraphSpec spec) throws BundleException {
        Path original = bundle.resolve(rel);
        FileEntry entry = bundle.manifest().files().get(rel);
        if (graphCache == null || entry == null || !graphCache.prepare()) {
            try (OrtSession.SessionOptions so = sessionOptions(OrtSession.SessionOptions.OptLevel.ALL_OPT, spec.role())) {
                return GraphSession.open(env, so, original, rel, spec);
            }
        }
        Path cached = graphCache.pathFor(entry, env.getVersion(), options.executionProvider());
        if (Files.isRegularFile(cached)) {
            try (OrtSession.SessionOptions so = sessionOptions(OrtSession.SessionOptions.OptLevel.NO_OPT, spec.role())) {
                return GraphSession.open(env, so, cached, rel, spec);
            } catch (BundleException e) {
                // a damaged or outdated cache entry: rebuild it from the bundle's graph below
                OptimizedGraphCache.deleteQuietly(cached);
            }
        }
        Path tmp = graphCache.tempFor(cached);
        try (OrtSession.SessionOptions so = sessionOptions(OrtSession.SessionOptions.OptLevel.ALL_OPT, spec.role())) {
            try {
                so.setOptimizedModelFilePath(tmp.toString());
            } catch (OrtException e) {
                OptimizedGraphCache.deleteQuietly(tmp);
                return GraphSession.open(env, so, original, rel, spec);
            }
            GraphSession s = GraphSession.open(env, so, original, rel, spec);
            if (OptimizedGraphCache.publish(tmp, cached)) {
                graphCache.prune();
            }
            return s;
        } finally {
            OptimizedGraphCache.deleteQuietly(tmp);
        }
    }

    /**
     * ONNX Runtime's per-node profiles by graph role, written when this generator closed (options
     * with {@link LocalOptions#withProfile}); empty before that or without profiling.
     */
    public Map<String, Path> profiles() {
        runLock.lock();
        try {
            return Map.copyOf(profiles);
        } finally {
            runLock.unlock();
        }
    }

    boolean hasSession(String role) {
        return sessions.containsKey(role);
    }

    private OrtSession.SessionOptions sessionOptions(OrtSession.SessionOptions.OptLevel level, String role)
            throws BundleException {
        OrtSession.SessionOptions so = new OrtSession.SessionOptions();
        try {
            // ORT warns on stderr when it saves a hardware-specific optimised graph; that is intended here
            so.setSessionLogLevel(ai.onnxruntime.OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR);
            so.setIntraOpNumThreads(options.effectiveThreads());
            so.setInterOpNumThreads(1);
            so.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
            so.setOptimizationLevel(level);
            so.setMemoryPatternOptimization(options.memory().memoryPattern());
            so.setCPUArenaAllocator(options.memory().cpuArena());
            if (options.profileDir() != null) {
                java.nio.file.Files.createDirectories(options.profileDir());
                so.enableProfiling(options.profileDir().resolve(variant.name() + "-" + role).toString());
            }
            so.addConfigEntry("session.intra_op.allow_spinning", options.allowSpinning() ? "1" : "0");
            switch (options.executionProvider()) {
                case "xnnpack" -> so.addXnnpack(Map.of("intra_op_num_threads", Integer.toString(options.effectiveThreads())));
                case "nnapi" -> so.addNnapi();
                default -> {
                    // CPU execution provider is always present
                }
            }
            return so;
        } catch (java.io.IOException e) {
            so.close();
            throw new BundleException(options.profileDir().toString(), null, "cannot hold ONNX Runtime profiles: " + e, e);
        } catch (OrtException e) {
            so.close();
            throw new BundleException(studio.mobilei2v.inference.bundle.Manifest.FILE_NAME, null,
                    "cannot be run with execution provider '" + options.executionProvider()
                            + "' in this ONNX Runtime build: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        runLock.lock();
        try {
            if (!closed) {
                closed = true;
                if (options.profileDir() != null) {
                    for (GraphSession gs : sessions.values()) {
                        String f = gs.endProfiling();
                        if (f != null) {
                            profiles.put(gs.role, Path.of(f));
                        }
                    }
                }
                sessions.values().forEach(GraphSession::close);
                sessions.clear();
            }
        } finally {
            runLock.unlock();
        }
    }

    /** Validated parameters of one request. */
    record Plan(SigmaSchedule schedule, double motionScore, String camera, int cameraIndex) {
    }

    /** Checks a request against the bundle and variant; names the field at fault. */
    Plan plan(GenerationRequest r) throws InvalidRequestException {
        VideoSpec v = bundle.video();
        ModelImage img = r.image();
        if (img.width() != v.width() || img.height() != v.height()) {
            throw new InvalidRequestException("image", "is " + img.width() + "x" + img.height() + " but "
                    + bundle.name() + " needs " + v.width() + "x" + v.height() + " (fit the source image first)");
        }
        return plan(r.schedule(), r.motionScore(), r.camera());
    }

    /** Checks the conditioning parameters of a request (null: the bundle's defaults). */
    Plan plan(String scheduleName, Double motionScore, String cameraName) throws InvalidRequestException {
        SigmaSchedule schedule = bundle.sampler().resolve(scheduleName).orElseThrow(() ->
                new InvalidRequestException("schedule", "'" + scheduleName + "' is not offered by " + bundle.name()
                        + " (choose one of " + bundle.sampler().scheduleNames() + " or teacher-N)"));
        if (!variant.hasGraph(schedule.denoiser())) {
            throw new InvalidRequestException("schedule", "'" + schedule.name() + "' needs graph '" + schedule.denoiser()
                    + "', which variant '" + variant.name() + "' does not have");
        }
        if (!variant.serves(schedule)) {
            throw new InvalidRequestException("schedule", "'" + schedule.name() + "' is not served by variant '"
                    + variant.name() + "' (it serves " + variant.schedules().orElse(List.of()) + ")");
        }
        MotionScoreSpec m = bundle.conditioning().motionScore();
        double motion = motionScore == null ? m.defaultValue() : motionScore;
        if (!Double.isFinite(motion) || !m.accepts(motion)) {
            throw new InvalidRequestException("motionScore", motion + " is outside " + bundle.name() + "'s range ["
                    + m.min() + ", " + m.max() + "]");
        }
        CameraMotionSpec cam = bundle.conditioning().cameraMotionOrNull();
        String camera = null;
        int cameraIndex = 0;
        if (cam == null) {
            if (cameraName != null) {
                throw new InvalidRequestException("camera", bundle.name() + " has no camera motion conditioning; '"
                        + cameraName + "' cannot be used");
            }
        } else {
            camera = cameraName == null ? cam.defaultClass() : cameraName;
            cameraIndex = cam.indexOf(camera);
            if (cameraIndex < 0) {
                throw new InvalidRequestException("camera", "'" + camera + "' is not one of " + cam.classes());
            }
        }
        return new Plan(schedule, motion, camera, cameraIndex);
    }

    // ---------------------------------------------------------------- pipeline pieces
    // Package-private so parity tests can drive each stage with fixture tensors.

    /** Pixels to the encoder input tensor [1,3,H,W], values mapped to the manifest's range. */
    static float[] preprocess(ModelImage img, ImageSpec spec) {
        int hw = img.width() * img.height();
        float[] out = new float[3 * hw];
        float scale = (float) ((spec.rangeMax() - spec.rangeMin()) / 255.0);
        float min = (float) spec.rangeMin();
        byte[] rgb = img.rgb();
        for (int p = 0; p < hw; p++) {
            out[p] = (rgb[3 * p] & 0xFF) * scale + min;
            out[hw + p] = (rgb[3 * p + 1] & 0xFF) * scale + min;
            out[2 * hw + p] = (rgb[3 * p + 2] & 0xFF) * scale + min;
        }
        return out;
    }

    /** Encoder: image tensor -> first latent frame z0 [C*h*w]. */
    float[] encode(float[] image, OrtSession.RunOptions ro) throws BundleException, OrtException {
        GraphSession enc = session(GraphRoles.ENCODER);
        enc.input(GraphRoles.ENCODER_IMAGE).put(image);
        enc.run(ro);
        float[] z0 = new float[enc.output().count()];
        enc.output().get(0, z0, 0, z0.length);
        return z0;
    }

    /** Writes z0 into latent frame 0 of x [C,F,h,w]. */
    static void replaceFrameZero(float[] x, float[] z0, LatentSpec l) {
        int hw = l.height() * l.width();
        for (int ch = 0; ch < l.channels(); ch++) {
            System.arraycopy(z0, ch * hw, x, ch * l.frames() * hw, hw);
        }
    }

    /** Copies latent frame k of x [C,F,h,w] into a decoder input slot [C,h,w]. */
    static void putLatentFrame(float[] x, int k, LatentSpec l, TensorSlot slot) {
        int hw = l.height() * l.width();
        for (int ch = 0; ch < l.channels(); ch++) {
            slot.put(ch * hw, x, (ch * l.frames() + k) * hw, hw);
        }
    }

    /** Decoder output [1,3,H',W'] (top-left H x W used) to packed RGB bytes. */
    static byte[] toRgb(TensorSlot out, VideoSpec v, ImageSpec spec) {
        long[] shape = out.spec.shapeArray();
        int oh = (int) shape[2];
        int ow = (int) shape[3];
        int w = v.width();
        int h = v.height();
        byte[] rgb = new byte[w * h * 3];
        float min = (float) spec.rangeMin();
        float scale = (float) (255.0 / (spec.rangeMax() - spec.rangeMin()));
        float[] row = new float[w];
        for (int ch = 0; ch < 3; ch++) {
            for (int y = 0; y < h; y++) {
                out.get((ch * oh + y) * ow, row, 0, w);
                for (int x = 0; x < w; x++) {
                    // (y+1)*127.5 for range [-1,1]; rint rounds half to even like torch.round
                    float q = (row[x] - min) * scale;
                    q = q < 0f ? 0f : Math.min(q, 255f);
                    rgb[(y * w + x) * 3 + ch] = (byte) (int) Math.rint(q);
                }
            }
        }
        return rgb;
    }

    /** The latent indices and phase the decoder gets for output frame f. */
    static float[] decoderInputs(int f, int temporalRatio) {
        if (f == 0) {
            return new float[]{0, 0, 0f};
        }
        int k = (f - 1) / temporalRatio + 1;
        int j = (f - 1) % temporalRatio;
        return new float[]{k - 1, k, (float) (j + 1) / temporalRatio};
    }

    /**
     * A run stops when its Cancellation fires or when its thread is interrupted (an executor's
     * Future.cancel(true)); the interrupt flag is left set for the caller.
     */
    static void checkCancelled(Cancellation cancel, String stage) throws GenerationCancelledException {
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
        float[] x = SeededNoise.generate(seed, bundle.latent().size());
        replaceFrameZero(x, z0, bundle.latent());
        return x;
    }

    /**
     * Rectified-flow Euler on x in place: per step, timestep = [0, sigma*scale, ...],
     * v = denoiser(x, timestep, motion, camera), x += (sigma_next - sigma) * v, then frame 0 is
     * restored to z0.
     */
    void denoise(float[] x, float[] z0, Plan plan, OrtSession.RunOptions ro, Cancellation cancel, StepObserver observer)
            throws BundleException, OrtException, GenerationCancelledException {
        SigmaSchedule schedule = plan.schedule();
        LatentSpec latent = bundle.latent();
        GraphSession den = session(schedule.denoiser());
        TensorSlot latents = den.input(GraphRoles.DENOISER_LATENTS);
        TensorSlot timestep = den.input(GraphRoles.DENOISER_TIMESTEP);
        if (den.hasInput(GraphRoles.DENOISER_MOTION)) {
            den.input(GraphRoles.DENOISER_MOTION).putScalar((float) plan.motionScore());
        }
        if (den.hasInput(GraphRoles.DENOISER_CAMERA)) {
            den.input(GraphRoles.DENOISER_CAMERA).putInteger(plan.cameraIndex());
        }
        double scale = bundle.sampler().timestepScale();
        float[] t = new float[latent.frames()];
        float[] v = new float[x.length];
        for (int i = 0; i < schedule.steps(); i++) {
            checkCancelled(cancel, Stages.DENOISER);
            long ts = System.nanoTime();
            double sigma = schedule.sigma(i);
            double next = schedule.sigma(i + 1);
            // frame 0 is the clean image latent, so its timestep is 0
            t[0] = 0f;
            for (int k = 1; k < t.length; k++) {
                t[k] = (float) (sigma * scale);
            }
            timestep.put(t);
            latents.put(x);
            den.run(ro);
            den.output().get(0, v, 0, v.length);
            float dt = (float) (next - sigma);
            for (int p = 0; p < x.length; p++) {
                x[p] += dt * v[p];
            }
            replaceFrameZero(x, z0, latent);
            observer.stepDone(i + 1, schedule.steps(), (System.nanoTime() - ts) / 1e6);
        }
    }

    /** Decodes output frame f from the final latents x into packed RGB. */
    byte[] decodeFrame(float[] x, int f, OrtSession.RunOptions ro) throws BundleException, OrtException {
        LatentSpec latent = bundle.latent();
        GraphSession dec = session(GraphRoles.DECODER);
        float[] in = decoderInputs(f, latent.temporalRatio());
        putLatentFrame(x, (int) in[0], latent, dec.input(GraphRoles.DECODER_PREV));
        putLatentFrame(x, (int) in[1], latent, dec.input(GraphRoles.DECODER_CUR));
        dec.input(GraphRoles.DECODER_PHASE).putScalar(in[2]);
        dec.run(ro);
        return toRgb(dec.output(), bundle.video(), bundle.manifest().image());
    }

    /** One generate() call. */
    private final class Run {
        private final GenerationRequest request;
        private final GenerationListener listener;
        private final Cancellation cancel;
        private final long t0 = System.nanoTime();
        private final String startedAt = Instant.now().toString();
        private long heapPeak = ProcessMemory.usedHeapBytes();
        private String stage = Stages.INIT;

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

        private void enter(String name, String detail) throws GenerationCancelledException {
            stage = name;
            checkCancelled(cancel, name);
            listener.onStage(name, detail);
        }

        RunReport execute() throws GenerationException {
            Plan plan = plan(request);
            boolean firstRun = !hasRun;
            boolean rssPerRun = ProcessMemory.resetPeak();
            VideoSpec video = bundle.video();
            LatentSpec latent = bundle.latent();
            ImageSpec imageSpec = bundle.manifest().image();
            SigmaSchedule schedule = plan.schedule();
            String denoiserRole = schedule.denoiser();
            try {
                double initMs = 0;
                if (!hasSession(GraphRoles.ENCODER) || !hasSession(denoiserRole) || !hasSession(GraphRoles.DECODER)) {
                    enter(Stages.INIT, "creating ONNX Runtime sessions (" + variant.name() + ")");
                    long t = System.nanoTime();
                    session(GraphRoles.ENCODER);
                    session(denoiserRole);
                    session(GraphRoles.DECODER);
                    initMs = msSince(t);
                }
                hasRun = true;
                try (Terminator terminator = new Terminator();
                     Cancellation.Registration ignored = cancel.onCancel(terminator::terminate)) {
                    OrtSession.RunOptions ro = terminator.options();

                    enter(Stages.PREPROCESS, video.width() + "x" + video.height());
                    long t = System.nanoTime();
                    float[] image = preprocess(request.image(), imageSpec);
                    double preprocessMs = msSince(t);

                    enter(Stages.ENCODER, "");
                    t = System.nanoTime();
                    float[] z0 = encode(image, ro);
                    double encoderMs = msSince(t);
                    sampleHeap();

                    enter(Stages.DENOISER, schedule.name() + ", " + schedule.steps()
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

                    enter(Stages.DECODER, video.frames() + " frames");
                    long tDec = System.nanoTime();
                    List<Double> frameMs = new ArrayList<>(video.frames());
                    double firstFrameMs = 0;
                    for (int f = 0; f < video.frames(); f++) {
                        checkCancelled(cancel, Stages.DECODER);
                        long tf = System.nanoTime();
                        VideoFrame frame = new VideoFrame(video.width(), video.height(), decodeFrame(x, f, ro));
                        double ms = msSince(tf);
                        frameMs.add(ms);
                        if (f == 0) {
                            firstFrameMs = msSince(t0);
                        }
                        listener.onFrame(f, frame, ms);
                        sampleHeap();
                    }
                    double decoderMs = msSince(tDec);
                    double totalMs = msSince(t0);
                    RunReport report = report(plan, firstRun, initMs, preprocessMs, encoderMs, denoiserMs, decoderMs,
                            stepMs, frameMs, firstFrameMs, totalMs, rssPerRun);
                    stage = Stages.DONE;
                    listener.onStage(Stages.DONE, String.format(Locale.ROOT, "%.0f ms", totalMs));
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

        private RunReport report(Plan plan, boolean firstRun, double initMs, double preprocessMs, double encoderMs,
                                 double denoiserMs, double decoderMs, List<Double> stepMs, List<Double> frameMs,
                                 double firstFrameMs, double totalMs, boolean rssPerRun) {
            ModelImage img = request.image();
            VideoSpec video = bundle.video();
            SigmaSchedule s = plan.schedule();
            var manifest = bundle.manifest();
            int denCalls = s.steps();
            int decCalls = video.frames();
            double flops = manifest.flopsPerCall(GraphRoles.ENCODER) + denCalls * manifest.flopsPerCall(s.denoiser())
                    + decCalls * manifest.flopsPerCall(GraphRoles.DECODER);
            double modelMs = encoderMs + denoiserMs + decoderMs;
            Long rss = ProcessMemory.peakRssBytes();
            String rssScope = rss == null ? "unavailable" : rssPerRun ? "run" : "process";
            return new RunReport(RunReport.FORMAT, startedAt,
                    new RunReport.Model(bundle.name(), bundle.version(), variant.name(), variant.precision()),
                    placement(),
                    new RunReport.Parameters(request.seed(), s.name(), s.steps(), s.sigmas(), plan.motionScore(),
                            plan.camera(), img.fit().name().toLowerCase(Locale.ROOT), img.crop(), img.sourceName(),
                            img.sourceSha256(), video.width(), video.height(), video.frames(), video.fps()),
                    firstRun, initMs,
                    new RunReport.StageTimes(img.loadMs(), preprocessMs, encoderMs, denoiserMs, decoderMs),
                    List.copyOf(stepMs), List.copyOf(frameMs), firstFrameMs, totalMs,
                    new RunReport.Memory(heapPeak, rss, rssScope),
                    new RunReport.Compute(1, denCalls, decCalls, flops, modelMs > 0 ? flops / (modelMs / 1000.0) / 1e9 : 0));
        }
    }

    private RunReport.Placement placement() {
        String device = options.device();
        if (device == null) {
            String host = System.getenv("HOSTNAME");
            device = (host == null || host.isBlank() ? "this computer" : host) + ", "
                    + Runtime.getRuntime().availableProcessors() + " cores";
        }
        return new RunReport.Placement(options.target(), device, options.executionProvider().toUpperCase(Locale.ROOT),
                options.effectiveThreads(), System.getProperty("os.name") + " " + System.getProperty("os.version"),
                System.getProperty("os.arch"),
                System.getProperty("java.vm.name") + " " + System.getProperty("java.version") + ", onnxruntime "
                        + env.getVersion());
    }
}
