package studio.mobilei2v.inference.local;

import studio.mobilei2v.inference.bundle.LatentSpec;

/** Where latent frames live in the [C, F, h, w] latents and which ones each output frame needs. */
final class LatentLayout {
    private LatentLayout() {
    }

    /** Copies latent frame k of x [C,F,h,w] into a decoder input slot [C,h,w]. */
    static void putLatentFrame(float[] x, int k, LatentSpec l, TensorSlot slot) {
        int hw = l.height() * l.width();
        for (int ch = 0; ch < l.channels(); ch++) {
            slot.put(ch * hw, x, (ch * l.frames() + k) * hw, hw);
        }
    }

    /** The latent indices and phase the decoder gets for output frame f (docs/BUNDLE.md step 4). */
    static float[] decoderInputs(int f, int temporalRatio) {
        if (f == 0) {
            return new float[]{0, 0, 0f};
        }
        int k = (f - 1) / temporalRatio + 1;
        int j = (f - 1) % temporalRatio;
        return new float[]{k - 1, k, (float) (j + 1) / temporalRatio};
    }
}
