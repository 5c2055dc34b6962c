package studio.mobilei2v.inference.bundle;

import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Locale;

/**
 * manifest "decoder": how frames are made from latents (docs/BUNDLE.md).
 *
 * @param kind    what the decoder graph returns
 * @param working the size the encoder and decoder graphs see the picture at
 * @param maps    the size of a flow-warp decoder's maps (equal to working for the other kinds)
 * @param window  latent frames per call of a vae-chunk decoder (0 for the other kinds)
 * @param tile    the latent tile a vae-chunk decoder's graph takes, called once per tile; null:
 *                whole frames (every other kind, and vae-chunk bundles without "decoder.tile")
 */
public record DecoderSpec(Kind kind, FrameSize working, FrameSize maps, int window, DecoderTile tile) {

    /** An untiled decoder. */
    public DecoderSpec(Kind kind, FrameSize working, FrameSize maps, int window) {
        this(kind, working, maps, window, null);
    }

    /** Flow-warp map channels in the order the graph returns them. */
    public static final int FLOW_X = 0, FLOW_Y = 1, VISIBILITY = 2, GAIN = 3, SYNTH = 6, MAP_CHANNELS = 9;

    public enum Kind {
        /** The graph returns one RGB frame at the working size = the video size (bundles before 1.0). */
        RGB,
        /**
         * The graph returns low-resolution maps (backward flow, visibility, gain, synthesised
         * image); the picture itself is warped at the output size (FlowWarp).
         */
        FLOW_WARP,
        /**
         * The graph decodes a window of {@code window} latent frames into all their RGB frames at
         * the video size at once (the LTX-Video VAE: non-causal in time).
         */
        VAE_CHUNK;

        @JsonValue
        public String manifestName() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    /** The decoder of a manifest without a "decoder" section: RGB frames at the video size. */
    public static DecoderSpec rgb(FrameSize videoSize) {
        return new DecoderSpec(Kind.RGB, videoSize, videoSize, 0);
    }

    public boolean warps() {
        return kind == Kind.FLOW_WARP;
    }

    /** True for a vae-chunk decoder: one call per latent-frame window, not per output frame. */
    public boolean chunks() {
        return kind == Kind.VAE_CHUNK;
    }

    /** True for a vae-chunk decoder whose graph takes one latent tile per call. */
    public boolean tiled() {
        return tile != null;
    }
}
