package studio.mobilei2v.inference.bundle;

import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Locale;

/**
 * manifest "decoder": how frames are made from latents (docs/BUNDLE.md).
 *
 * @param kind    what the decoder graph returns
 * @param working the size the encoder and decoder graphs see the picture at
 * @param maps    the size of a flow-warp decoder's maps (equal to working for an RGB decoder)
 */
public record DecoderSpec(Kind kind, FrameSize working, FrameSize maps) {

    /** Flow-warp map channels in the order the graph returns them. */
    public static final int FLOW_X = 0, FLOW_Y = 1, VISIBILITY = 2, GAIN = 3, SYNTH = 6, MAP_CHANNELS = 9;

    public enum Kind {
        /** The graph returns the RGB frame at the working size (bundles before 1.0, converted VAEs). */
        RGB,
        /**
         * The graph returns low-resolution maps (backward flow, visibility, gain, synthesised
         * image); the picture itself is warped at the output size (FlowWarp).
         */
        FLOW_WARP;

        @JsonValue
        public String manifestName() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    /** The decoder of a manifest without a "decoder" section: RGB frames at the video size. */
    public static DecoderSpec rgb(FrameSize videoSize) {
        return new DecoderSpec(Kind.RGB, videoSize, videoSize);
    }

    public boolean warps() {
        return kind == Kind.FLOW_WARP;
    }
}
