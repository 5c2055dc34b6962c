package studio.mobilei2v.inference.sampler;

import java.util.List;

/**
 * The rectified-flow Euler sampler of docs/BUNDLE.md on latents x [C, F, h, w], in place: per
 * step i, timestep = [0, sigma_i * scale, ...] (frame 0 is the clean image latent), v =
 * velocity(x, timestep), x += (sigma_{i+1} - sigma_i) * v, then latent frame 0 is re-written with
 * z0 (the paper's frame-0 replacement). Knows nothing of ONNX Runtime: the velocity is a function.
 *
 * @param channels latent channels C
 * @param frames   latent frames F
 * @param plane    h * w
 */
public record EulerSampler(int channels, int frames, int plane) {

    /** The denoiser as the sampler sees it: writes v for x at the given per-frame timesteps. */
    @FunctionalInterface
    public interface Velocity {
        void compute(float[] x, float[] timestep, float[] v) throws Exception;
    }

    /** Called after each step; may throw to stop (e.g. a cancellation). */
    @FunctionalInterface
    public interface StepObserver {
        void stepDone(int step, int steps, double ms) throws Exception;
    }

    /** Writes z0 [C, h, w] into latent frame 0 of x [C, F, h, w]. */
    public void replaceFrameZero(float[] x, float[] z0) {
        for (int ch = 0; ch < channels; ch++) {
            System.arraycopy(z0, ch * plane, x, ch * frames * plane, plane);
        }
    }

    /** Seeded noise [C, F, h, w] with frame 0 replaced by z0: the sampler's starting point. */
    public float[] initialLatents(long seed, float[] z0) {
        float[] x = SeededNoise.generate(seed, channels * frames * plane);
        replaceFrameZero(x, z0);
        return x;
    }

    /**
     * Runs the steps of a schedule on x in place.
     *
     * @param sigmas        steps + 1 values from the first sigma down to 0
     * @param timestepScale what the denoiser's timestep is per unit sigma (1000)
     */
    public void sample(float[] x, float[] z0, List<Double> sigmas, double timestepScale, Velocity velocity,
                       StepObserver observer) throws Exception {
        int steps = sigmas.size() - 1;
        float[] t = new float[frames];
        float[] v = new float[x.length];
        for (int i = 0; i < steps; i++) {
            long ts = System.nanoTime();
            double sigma = sigmas.get(i);
            double next = sigmas.get(i + 1);
            t[0] = 0f;
            for (int k = 1; k < frames; k++) {
                t[k] = (float) (sigma * timestepScale);
            }
            velocity.compute(x, t, v);
            float dt = (float) (next - sigma);
            for (int p = 0; p < x.length; p++) {
                x[p] += dt * v[p];
            }
            replaceFrameZero(x, z0);
            observer.stepDone(i + 1, steps, (System.nanoTime() - ts) / 1e6);
        }
    }
}
