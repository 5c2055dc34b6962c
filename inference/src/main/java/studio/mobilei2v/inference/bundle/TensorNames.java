package studio.mobilei2v.inference.bundle;

/** The tensor names of each graph role's I/O contract (docs/BUNDLE.md), checked by {@link GraphContract}. */
public final class TensorNames {
    public static final String ENCODER_IMAGE = "image";
    public static final String DENOISER_LATENTS = "latents";
    public static final String DENOISER_TIMESTEP = "timestep";
    public static final String DENOISER_MOTION = "motion_score";
    public static final String DENOISER_CAMERA = "camera";
    public static final String DECODER_LATENTS = "latents"; // vae-chunk: a window of latent frames [1, C, W, h, w]
    public static final String DECODER_FIRST = "latent_first";
    public static final String DECODER_PREV = "latent_prev";
    public static final String DECODER_PICTURE = "picture";
    public static final String DECODER_CUR = "latent_cur";
    public static final String DECODER_PHASE = "phase";

    private TensorNames() {
    }
}
