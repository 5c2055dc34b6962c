package studio.mobilei2v.studio.engine;

import studio.mobilei2v.inference.RunReport;

/**
 * Turns stage events into a fraction done. Stages get weights from the previous report of the
 * same generator when there is one (so the ETA is honest: decoding 17 frames may take longer than
 * one denoiser step), otherwise fixed guesses.
 */
public record ProgressPlan(double load, double encode, double perStep, double perFrame, int steps, int frames) {
    /** Weights in milliseconds (load, encode, one step, one frame); at least one step and one frame. */
    public ProgressPlan {
        steps = Math.max(1, steps);
        frames = Math.max(1, frames);
    }

    private double total() {
        return load + encode + perStep * steps + perFrame * frames;
    }

    /**
     * @param previous last report of this generator, or null
     * @param coldStart true when sessions still have to be created (load weighs more)
     */
    public static ProgressPlan of(RunReport previous, int steps, int frames, boolean coldStart) {
        if (previous != null && previous.stages() != null && previous.parameters() != null
                && previous.parameters().steps() > 0 && previous.parameters().frames() > 0) {
            RunReport.StageTimes s = previous.stages();
            double perStep = s.denoiserMs() / previous.parameters().steps();
            double perFrame = (s.decoderMs() + s.warpMs()) / previous.parameters().frames();
            double load = coldStart ? Math.max(previous.initMs(), 1) : Math.max(s.loadMs(), 1);
            return new ProgressPlan(load, Math.max(s.preprocessMs() + s.encoderMs(), 1), Math.max(perStep, 1),
                    Math.max(perFrame, 0.5), steps, frames);
        }
        // no measurement yet: rough shares from the paper's pipeline (denoiser dominates, decoder next)
        return new ProgressPlan(coldStart ? 30 : 2, 5, 40, 2, steps, frames);
    }

    public RunProgress loading() {
        return new RunProgress("load", 0);
    }

    public RunProgress encoding() {
        return new RunProgress("encode", load / total());
    }

    /** {@code done} steps finished of {@code n}; shows the step being worked on. */
    public RunProgress denoising(int done, int n) {
        int current = Math.min(done + 1, n);
        double f = (load + encode + perStep * Math.min(done, steps)) / total();
        return new RunProgress("denoise step " + current + "/" + n, f);
    }

    /** Frame {@code index} (0-based) has been decoded. */
    public RunProgress decoded(int index, int n) {
        double f = (load + encode + perStep * steps + perFrame * Math.min(index + 1, frames)) / total();
        return new RunProgress("decode frame " + (index + 1) + "/" + n, Math.min(1, f));
    }
}
