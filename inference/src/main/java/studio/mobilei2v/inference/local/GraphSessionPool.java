package studio.mobilei2v.inference.local;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtLoggingLevel;
import ai.onnxruntime.OrtSession;
import studio.mobilei2v.inference.ExecutionProvider;
import studio.mobilei2v.inference.bundle.BundleException;
import studio.mobilei2v.inference.bundle.FileEntry;
import studio.mobilei2v.inference.bundle.GraphRole;
import studio.mobilei2v.inference.bundle.GraphSpec;
import studio.mobilei2v.inference.bundle.Manifest;
import studio.mobilei2v.inference.bundle.ModelBundle;
import studio.mobilei2v.inference.bundle.Variant;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One ONNX Runtime session per graph role of a bundle's variant, created on first use (through
 * the optimised-graph cache when enabled), checked against the manifest and kept until close.
 * Not thread-safe: the generator's run lock guards it.
 */
final class GraphSessionPool implements AutoCloseable {
    private final ModelBundle bundle;
    private final Variant variant;
    private final LocalOptions options;
    private final OrtEnvironment env;
    private final OptimizedGraphCache graphCache;
    private final Map<GraphRole, GraphSession> sessions = new HashMap<>();
    private final Map<String, Path> profiles = new TreeMap<>();

    GraphSessionPool(ModelBundle bundle, Variant variant, LocalOptions options, OrtEnvironment env) {
        this.bundle = bundle;
        this.variant = variant;
        this.options = options;
        this.env = env;
        LocalOptions.GraphCache gc = options.graphCache();
        this.graphCache = !gc.enabled() ? null
                : new OptimizedGraphCache(gc.dirOrNull() != null ? gc.dirOrNull() : OptimizedGraphCache.defaultDir());
    }

    /** The session of a role, created (and checked) on first use. */
    GraphSession session(GraphRole role) throws BundleException {
        GraphSession s = sessions.get(role);
        if (s == null) {
            String rel = variant.graphs().get(role);
            if (rel == null) {
                throw new BundleException(Manifest.FILE_NAME, "variants." + variant.name() + ".graphs." + role, "is missing");
            }
            s = open(rel, bundle.graph(role));
            sessions.put(role, s);
        }
        return s;
    }

    boolean has(GraphRole role) {
        return sessions.containsKey(role);
    }

    /** Per-node profiles by role (its manifest name), filled in by close() when profiling is on. */
    Map<String, Path> profiles() {
        return Map.copyOf(profiles);
    }

    /**
     * From the optimised-graph cache when it has this graph (no optimisation passes), otherwise
     * from the bundle with full optimisation, saving the optimised graph for next time.
     */
    private GraphSession open(String rel, GraphSpec spec) throws BundleException {
        Path original = bundle.resolve(rel);
        FileEntry entry = bundle.manifest().files().get(rel);
        if (graphCache == null || entry == null || !graphCache.prepare()) {
            try (OrtSession.SessionOptions so = sessionOptions(OrtSession.SessionOptions.OptLevel.ALL_OPT, spec.role())) {
                return GraphSession.open(env, so, original, rel, spec);
            }
        }
        List<FileEntry> data = bundle.externalData(rel).stream().map(d -> bundle.manifest().files().get(d)).toList();
        Path cached = graphCache.pathFor(entry, data, env.getVersion(), options.executionProvider().optionName());
        if (Files.isRegularFile(cached)) {
            try (OrtSession.SessionOptions so = sessionOptions(OrtSession.SessionOptions.OptLevel.NO_OPT, spec.role())) {
                return GraphSession.open(env, so, cached, rel, spec);
            } catch (BundleException e) {
                // a damaged or outdated cache entry: rebuild it from the bundle's graph below
                OptimizedGraphCache.deleteQuietly(cached);
                graphCache.deleteData(cached);
            }
        }
        Path tmp = graphCache.tempFor(cached);
        String dataName = data.isEmpty() ? null : graphCache.dataNameFor(cached);
        boolean published = false;
        try (OrtSession.SessionOptions so = sessionOptions(OrtSession.SessionOptions.OptLevel.ALL_OPT, spec.role())) {
            try {
                so.setOptimizedModelFilePath(tmp.toString());
                if (!data.isEmpty()) {
                    // weights stay outside the cached graph too: an inline copy would be as large as the
                    // weights, and ONNX Runtime would parse all of it when loading the cached graph
                    so.addConfigEntry(EXTERNAL_INITIALIZERS_FILE, dataName);
                    so.addConfigEntry(EXTERNAL_INITIALIZERS_MIN_BYTES, Integer.toString(EXTERNAL_MIN_BYTES));
                }
            } catch (OrtException e) {
                OptimizedGraphCache.deleteQuietly(tmp);
                return GraphSession.open(env, so, original, rel, spec);
            }
            GraphSession s = GraphSession.open(env, so, original, rel, spec);
            published = OptimizedGraphCache.publish(tmp, cached);
            if (published) {
                graphCache.prune();
            }
            return s;
        } finally {
            OptimizedGraphCache.deleteQuietly(tmp);
            if (!published && dataName != null) {
                OptimizedGraphCache.deleteQuietly(graphCache.dir().resolve(dataName));
            }
        }
    }

    /** ONNX Runtime session config keys (onnxruntime_session_options_config_keys.h). */
    static final String EXTERNAL_INITIALIZERS_FILE = "session.optimized_model_external_initializers_file_name";
    static final String EXTERNAL_INITIALIZERS_MIN_BYTES = "session.optimized_model_external_initializers_min_size_in_bytes";
    /** Initializers this size and larger go to the cached graph's data file (the exporters' threshold). */
    static final int EXTERNAL_MIN_BYTES = 1024;

    private OrtSession.SessionOptions sessionOptions(OrtSession.SessionOptions.OptLevel level, GraphRole role)
            throws BundleException {
        OrtSession.SessionOptions so = new OrtSession.SessionOptions();
        try {
            // ORT warns on stderr when it saves a hardware-specific optimised graph; that is intended here
            so.setSessionLogLevel(OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR);
            so.setIntraOpNumThreads(options.effectiveThreads());
            so.setInterOpNumThreads(1);
            so.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
            so.setOptimizationLevel(level);
            so.setMemoryPatternOptimization(options.memory().memoryPattern());
            so.setCPUArenaAllocator(options.memory().cpuArena());
            if (options.profileDir() != null) {
                Files.createDirectories(options.profileDir());
                so.enableProfiling(options.profileDir().resolve(variant.name() + "-" + role).toString());
            }
            so.addConfigEntry("session.intra_op.allow_spinning", options.allowSpinning() ? "1" : "0");
            switch (options.executionProvider()) {
                case CUDA -> {
                    Providers.require(ExecutionProvider.CUDA);
                    so.addCUDA(0);
                }
                case XNNPACK -> so.addXnnpack(Map.of("intra_op_num_threads", Integer.toString(options.effectiveThreads())));
                case NNAPI -> so.addNnapi();
                case CPU -> {
                    // CPU execution provider is always present
                }
            }
            return so;
        } catch (IOException e) {
            so.close();
            throw new BundleException(options.profileDir().toString(), null, "cannot hold ONNX Runtime profiles: " + e, e);
        } catch (Providers.MissingProviderException e) {
            so.close();
            throw new BundleException(Manifest.FILE_NAME, null, "cannot be run: " + e.getMessage(), e);
        } catch (OrtException e) {
            so.close();
            throw new BundleException(Manifest.FILE_NAME, null, "cannot be run with execution provider '"
                    + options.executionProvider().optionName() + "' in this ONNX Runtime build: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        for (GraphRole role : sessions.keySet().toArray(GraphRole[]::new)) {
            release(role);
        }
    }

    /** Closes a role's session (its profile kept when profiling); the next session(role) opens it again. */
    void release(GraphRole role) {
        GraphSession gs = sessions.remove(role);
        if (gs == null) {
            return;
        }
        if (options.profileDir() != null) {
            String f = gs.endProfiling();
            if (f != null) {
                profiles.put(gs.role.manifestName(), Path.of(f));
            }
        }
        gs.close();
    }
}
