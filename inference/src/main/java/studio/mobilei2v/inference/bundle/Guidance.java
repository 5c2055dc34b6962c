package studio.mobilei2v.inference.bundle;

/**
 * A schedule's classifier-free guidance (docs/BUNDLE.md): {@code v = v_uncond + scale * (v_cond -
 * v_uncond)}. The loader accepts {@link #SAME_CALL} only: the unconditional call would get the
 * same inputs as the conditional one, so {@code v = v_cond} and each step makes one denoiser call.
 *
 * @param scale         the guidance scale (informational for same-call)
 * @param unconditional how the unconditional velocity is made
 */
public record Guidance(double scale, String unconditional) {
    public static final String SAME_CALL = "same-call";
}
