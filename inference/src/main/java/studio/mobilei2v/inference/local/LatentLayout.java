package studio.mobilei2v.inference.local;

import studio.mobilei2v.inference.bundle.LatentSpec;

/** Where latent frames live in the [C, F, h, w] latents and which ones each output frame needs. */
final class LatentLayout {
    private LatentLayout() {
    }

    /** Copies latent frame k of x [C,F,h,w] into a decoder input slot [C,h,w]. */
    static void putLatentFrame(float[] x, int k, LatentSpec l, TensorSlot slot) {
        putLatentWindow(x, k, 1, l, slot);
    }

    /** Copies latent frames start … start+window-1 of x [C,F,h,w] into a decoder input slot [C,window,h,w]. */
    static void putLatentWindow(float[] x, int start, int window, LatentSpec l, TensorSlot slot) {
        int hw = l.height() * l.width();
        for (int ch = 0; ch < l.channels(); ch++) {
            slot.put(ch * window * hw, x, (ch * l.frames() + start) * hw, window * hw);
        }
    }

    /** The latent indices and phase the decoder gets for output frame f (docs/BUNDLE.md step 4). */
    static float[] decoderInputs(int f, int temporalRatio) {
        if (f == 0) {
            return new float[]{0, 0, 0f};
        }
        int k = latentFrameOf(f, temporalRatio);
        int j = (f - 1) % temporalRatio;
        return new float[]{k - 1, k, (float) (j + 1) / temporalRatio};
    }

    /** The latent frame k whose video frames hold output frame f: 0 for f = 0, else (f-1)/ratio + 1. */
    static int latentFrameOf(int f, int temporalRatio) {
        return f == 0 ? 0 : (f - 1) / temporalRatio + 1;
    }

    /**
     * vae-chunk: the first latent frame of the window that decodes latent frame k,
     * {@code clamp(k - window/2, 0, frames - window)} (docs/BUNDLE.md).
     */
    static int windowStart(int k, int frames, int window) {
        return Math.min(Math.max(k - window / 2, 0), frames - window);
    }

    /**
     * vae-chunk: the index of output frame f among the frames decoded from the window starting at
     * latent frame {@code start} (window position p = k - start holds frames 0, or 8(p-1)+1 … 8p).
     */
    static int windowFrame(int f, int start, int temporalRatio) {
        return f - temporalRatio * start;
    }
}
