package studio.mobilei2v.inference.bundle;

/** manifest "latent": the latent tensor [1, channels, frames, height, width]. */
public record LatentSpec(int channels, int frames, int height, int width, int spatialRatio,
                         int temporalRatio, double scalingFactor) {

    /** Floats in one latent frame (channels * height * width). */
    public int frameSize() {
        return channels * height * width;
    }

    /** Floats in the whole latent tensor. */
    public int size() {
        return channels * frames * height * width;
    }
}
