package studio.mobilei2v.inference.local;

import studio.mobilei2v.inference.ExecutionProvider;
import studio.mobilei2v.inference.bundle.Variant;

/**
 * How the local pipeline runs.
 *
 * @param variant           "desktop" (fp32, default) or "mobile" (fp16)
 * @param intraOpThreads    ONNX Runtime threads per graph call; 0 means all available cores
 * @param executionProvider CPU (default; null means CPU), CUDA (the onnxruntime_gpu build), XNNPACK or
 *                          NNAPI (where the ONNX Runtime build has them, e.g. onnxruntime-android)
 * @param allowSpinning     let ORT worker threads spin between calls (lower latency, burns CPU
 *                          that other processes on a shared machine may want)
 * @param target            what reports call this place: "local" on the desktop; the device
 *                          runner passes the device serial
 * @param device            human description for reports (null: host name / os)
 * @param graphCache        where optimised graphs are cached between processes (null: default)
 * @param memory            ONNX Runtime memory settings (null: {@link Memory#LEAN})
 * @param profileDir        where ONNX Runtime writes a per-node profile of each graph (null: none)
 */
public record LocalOptions(String variant, int intraOpThreads, ExecutionProvider executionProvider, boolean allowSpinning,
                           String target, String device, GraphCache graphCache, Memory memory,
                           java.nio.file.Path profileDir) {

    /**
     * ONNX Runtime's allocation strategy for activations.
     *
     * @param cpuArena      pool activations in ORT's CPU arena (grows in power-of-two chunks and
     *                      never returns memory) instead of plain malloc/free
     * @param memoryPattern plan all activations of a graph call as one block from the first call's sizes
     * @param oneSession    hold only the running stage's session: the encoder's is closed before the
     *                      denoiser's opens, the denoiser's before the decoder's, the decoder's after the
     *                      run (every run creates them again; the peak is the largest stage's, not the
     *                      sum of all graphs' weights)
     */
    public record Memory(boolean cpuArena, boolean memoryPattern, boolean oneSession) {
        /** Sessions kept between stages and runs. */
        public Memory(boolean cpuArena, boolean memoryPattern) {
            this(cpuArena, memoryPattern, false);
        }

        /** {@link #LEAN} with one session at a time (docs/PERFORMANCE.md, issue 14: the 720p published model). */
        public static final Memory STAGED = new Memory(false, false, true);
        /** ONNX Runtime's own default: arena + memory pattern. */
        public static final Memory ARENA = new Memory(true, true);
        /**
         * Activations malloc'ed per node and freed as soon as they are dead: the default. Measured on the
         * full-size 720p pipeline: peak 2.8 GB instead of 4.5 GB (5.2 GB at first), denoiser time within
         * the noise; nano unchanged (docs/PERFORMANCE.md, "Memory").
         */
        public static final Memory LEAN = new Memory(false, false);
    }

    public LocalOptions(String variant, int intraOpThreads, ExecutionProvider executionProvider, boolean allowSpinning,
                        String target, String device, GraphCache graphCache) {
        this(variant, intraOpThreads, executionProvider, allowSpinning, target, device, graphCache, Memory.LEAN, null);
    }

    /**
     * Where ONNX Runtime's optimised graphs are cached between processes: {@link #NONE} (always
     * optimise at session creation), {@link #DEFAULT} (~/.cache/mobilei2v/ort), or a folder.
     */
    public record GraphCache(java.nio.file.Path dirOrNull, boolean enabled) {
        public static final GraphCache NONE = new GraphCache(null, false);
        public static final GraphCache DEFAULT = new GraphCache(null, true);

        public static GraphCache in(java.nio.file.Path dir) {
            return new GraphCache(dir, true);
        }
    }

    /** Without a graph cache argument: the default cache. */
    public LocalOptions(String variant, int intraOpThreads, ExecutionProvider executionProvider, boolean allowSpinning,
                        String target, String device) {
        this(variant, intraOpThreads, executionProvider, allowSpinning, target, device, GraphCache.DEFAULT);
    }

    public LocalOptions {
        if (variant == null || variant.isBlank()) {
            variant = Variant.DESKTOP;
        }
        if (intraOpThreads < 0) {
            throw new IllegalArgumentException("intraOpThreads must be >= 0 (0 = all cores), not " + intraOpThreads);
        }
        if (executionProvider == null) {
            executionProvider = ExecutionProvider.CPU;
        }
        if (target == null || target.isBlank()) {
            target = "local";
        }
        if (graphCache == null) {
            graphCache = GraphCache.DEFAULT;
        }
        if (memory == null) {
            memory = Memory.LEAN;
        }
    }

    /**
     * Desktop variant, all cores, CPU, no spinning. Spinning is off because each graph has its own
     * ORT thread pool: with spinning, the pool of the graph that just ran keeps its cores busy
     * while the next graph runs; measured on 2 shared cores the warm nano clip took 1181 ms
     * instead of 244 ms (P50).
     */
    public static LocalOptions defaults() {
        return new LocalOptions(Variant.DESKTOP, 0, ExecutionProvider.CPU, false, "local", null, GraphCache.DEFAULT);
    }

    public LocalOptions withVariant(String v) {
        return new LocalOptions(v, intraOpThreads, executionProvider, allowSpinning, target, device, graphCache, memory, profileDir);
    }

    public LocalOptions withThreads(int n) {
        return new LocalOptions(variant, n, executionProvider, allowSpinning, target, device, graphCache, memory, profileDir);
    }

    public LocalOptions withExecutionProvider(ExecutionProvider p) {
        return new LocalOptions(variant, intraOpThreads, p, allowSpinning, target, device, graphCache, memory, profileDir);
    }

    public LocalOptions withSpinning(boolean spin) {
        return new LocalOptions(variant, intraOpThreads, executionProvider, spin, target, device, graphCache, memory, profileDir);
    }

    public LocalOptions withTarget(String newTarget, String newDevice) {
        return new LocalOptions(variant, intraOpThreads, executionProvider, allowSpinning, newTarget, newDevice, graphCache, memory, profileDir);
    }

    public LocalOptions withGraphCache(GraphCache cache) {
        return new LocalOptions(variant, intraOpThreads, executionProvider, allowSpinning, target, device, cache, memory, profileDir);
    }

    public LocalOptions withMemory(Memory m) {
        return new LocalOptions(variant, intraOpThreads, executionProvider, allowSpinning, target, device, graphCache, m, profileDir);
    }

    /** Writes ONNX Runtime's per-node JSON profile of each graph into {@code dir} when the generator closes. */
    public LocalOptions withProfile(java.nio.file.Path dir) {
        return new LocalOptions(variant, intraOpThreads, executionProvider, allowSpinning, target, device, graphCache, memory, dir);
    }

    /** Threads actually used: the option, or all cores when 0. */
    public int effectiveThreads() {
        return intraOpThreads > 0 ? intraOpThreads : Runtime.getRuntime().availableProcessors();
    }
}
