package studio.mobilei2v.inference;

/** Stage names passed to {@link GenerationListener#onStage} and used in reports. */
public final class Stages {
    /** Creating ONNX Runtime sessions (first run, or a graph not used before). */
    public static final String INIT = "init";
    /** Pixels to the encoder's normalised NCHW tensor. */
    public static final String PREPROCESS = "preprocess";
    /** Image to first latent frame. */
    public static final String ENCODER = "encoder";
    /** Sampler steps on the denoiser. */
    public static final String DENOISER = "denoiser";
    /** Latents to frames, one call per frame, streamed. */
    public static final String DECODER = "decoder";
    /**
     * A flow-warp decoder's warp of the picture at the output size (interleaved with the decoder,
     * frame by frame; reported as its own stage time).
     */
    public static final String WARP = "warp";
    /** Everything finished; detail holds the total milliseconds. */
    public static final String DONE = "done";

    private Stages() {
    }
}
