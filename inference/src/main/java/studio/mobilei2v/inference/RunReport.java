package studio.mobilei2v.inference;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.util.List;

/**
 * Everything measured in one run, as one JSON document that is the same whether the run
 * happened on this computer or on a phone (all times are measured where the graphs ran;
 * transfer time is the bridge's business and is reported beside this, not in it).
 *
 * @param format       always {@link #FORMAT}
 * @param startedAt    ISO-8601 UTC instant at which generate() was entered
 * @param model        which bundle and variant
 * @param placement    where it ran
 * @param parameters   what was asked for
 * @param firstRun     true for the first generate() of this generator: ONNX Runtime's first
 *                     calls on fresh sessions are slower (arena allocation), so compare warm runs
 *                     with warm runs
 * @param initMs       ONNX Runtime session creation inside this run (0 when the sessions already
 *                     existed, e.g. after warmUp(); the device runner reports its warm-up apart)
 * @param stages       per-stage milliseconds
 * @param stepMs       per sampler step, denoiser call included
 * @param frameMs      per output frame, decoder call, warp and conversion to 8-bit included
 * @param firstFrameMs from generate() entry until frame 0 was handed to the listener
 * @param totalMs      from generate() entry until it returned
 * @param memory       peak memory
 * @param compute      FLOPs (from the manifest) and achieved throughput
 */
public record RunReport(String format, String startedAt, Model model, Placement placement,
                        Parameters parameters, boolean firstRun, double initMs, StageTimes stages,
                        List<Double> stepMs, List<Double> frameMs, double firstFrameMs, double totalMs,
                        Memory memory, Compute compute) {

    public static final String FORMAT = "mobilei2v-run-report/1";

    /** @param precision "fp32" or "fp16", from the variant */
    public record Model(String name, String version, String variant, String precision) {
    }

    /**
     * @param target            "local" or a device serial
     * @param device            human description (host name, or phone model + SoC)
     * @param executionProvider where ONNX Runtime ran the graphs (JSON: "CPU", "CUDA", "XNNPACK", "NNAPI")
     * @param threads           intra-op threads per graph call
     * @param os                os.name + os.version
     * @param arch              os.arch
     * @param runtime           JVM / ART and ONNX Runtime versions
     */
    public record Placement(String target, String device, ExecutionProvider executionProvider, int threads,
                            String os, String arch, String runtime) {
    }

    /**
     * @param sigmas        the schedule actually used (steps + 1 values, last 0)
     * @param crop          source rectangle used, or null
     * @param sourceSha256  SHA-256 of the original image file, or null when unknown
     */
    public record Parameters(long seed, String schedule, int steps, List<Double> sigmas,
                             double motionScore, String camera, String fit, CropRect crop,
                             String sourceName, String sourceSha256, int width, int height,
                             int frames, double fps) {
    }

    /**
     * @param loadMs       reading, decoding and fitting the source image (done before generate(),
     *                     copied from {@link ModelImage#loadMs()})
     * @param preprocessMs pixels to the normalised image tensor
     * @param encoderMs    encoder graph
     * @param denoiserMs   all sampler steps together
     * @param decoderMs    the decoder graph, all frames together
     * @param warpMs       a flow-warp decoder's warp of the picture at the output size, all frames
     *                     together (0 for an RGB decoder)
     */
    public record StageTimes(double loadMs, double preprocessMs, double encoderMs, double denoiserMs,
                             double decoderMs, double warpMs) {
        /** A run without a warp stage (an RGB decoder). */
        public StageTimes(double loadMs, double preprocessMs, double encoderMs, double denoiserMs, double decoderMs) {
            this(loadMs, preprocessMs, encoderMs, denoiserMs, decoderMs, 0);
        }
    }

    /**
     * @param jvmHeapPeakBytes highest used heap sampled during the run (each step and frame)
     * @param rssPeakBytes     VmHWM from /proc/self/status, or null where unavailable
     * @param rssPeakScope     "run" when the kernel's peak counter could be reset at the start of
     *                         the run, "process" when VmHWM covers the whole process life, or
     *                         "unavailable"
     */
    public record Memory(long jvmHeapPeakBytes, Long rssPeakBytes, String rssPeakScope) {
    }

    /**
     * @param encoderCalls    graph calls of each role
     * @param flopsTotal      sum over calls of the manifest's FLOPs per call
     * @param gflopsPerSecond flopsTotal / (encoder + denoiser + decoder time)
     */
    public record Compute(int encoderCalls, int denoiserCalls, int decoderCalls, double flopsTotal,
                          double gflopsPerSecond) {
    }

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    /** Pretty-printed JSON; the same shape from desktop and phone. */
    public String toJson() {
        try {
            return JSON.writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("run report could not be written as JSON", e);
        }
    }

    /** Reads a report written by {@link #toJson()} (unknown fields from newer writers are ignored). */
    public static RunReport fromJson(String json) {
        try {
            return JSON.readValue(json, RunReport.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not a run report: " + e.getOriginalMessage(), e);
        }
    }
}
