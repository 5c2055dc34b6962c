package studio.mobilei2v.studio.engine;

import studio.mobilei2v.inference.Cancellation;
import studio.mobilei2v.inference.CropRect;
import studio.mobilei2v.inference.FitMode;
import studio.mobilei2v.inference.GenerationListener;
import studio.mobilei2v.inference.GenerationRequest;
import studio.mobilei2v.inference.ModelImage;
import studio.mobilei2v.inference.RunReport;
import studio.mobilei2v.inference.Stage;
import studio.mobilei2v.inference.VideoFrame;
import studio.mobilei2v.inference.VideoGenerator;
import studio.mobilei2v.inference.bundle.ModelBundle;
import studio.mobilei2v.studio.clip.ClipFrame;
import studio.mobilei2v.studio.clip.ClipParameters;
import studio.mobilei2v.studio.clip.SourcePicture;
import studio.mobilei2v.studio.targets.RunTarget;

/**
 * The "generate a clip" workflow, free of JavaFX threading: open (or reuse) the generator,
 * fit the source to the crop, run, and hand progress and frames to a sink as they arrive.
 * The caller decides on which thread the sink's work lands.
 */
public final class GenerationWorkflow {

    /** Everything a run needs, captured when Generate is pressed. */
    public record Job(ModelBundle bundle, RunTarget target, SourcePicture source, CropRect crop,
                      ClipParameters parameters, int steps, int frames) {
    }

    /**
     * A finished run.
     *
     * @param hostMs the generate call as this computer timed it: for a device run the device's own
     *               total plus the link (sending the picture, frames coming back)
     */
    public record Finished(RunReport report, double hostMs) {
    }

    /** Receives progress and frames on the generating thread. */
    public interface Sink {
        void progress(RunProgress progress);

        void frame(ClipFrame frame);
    }

    private final GeneratorCache generators;

    /** The request a clip makes: its source fitted to the bundle's video through its crop, and its parameters. */
    public static GenerationRequest request(ModelBundle bundle, SourcePicture source, CropRect crop, ClipParameters p) {
        ModelImage image = source.decoded().fit(bundle.video().width(), bundle.video().height(), FitMode.CROP, crop);
        return new GenerationRequest(image, p.seed(), p.schedule(), p.motionScore(), p.camera());
    }

    public GenerationWorkflow(GeneratorCache generators) {
        this.generators = generators;
    }

    /**
     * @param previous the last report of this bundle + target (weights the progress bar), or null
     */
    public Finished run(Job job, RunReport previous, Sink sink, Cancellation cancel) throws Exception {
        boolean cold = !generators.isOpen(job.bundle(), job.target());
        ProgressPlan plan = ProgressPlan.of(previous, job.steps(), job.frames(), cold);
        sink.progress(plan.loading());
        VideoGenerator generator = generators.get(job.bundle(), job.target());
        cancel.throwIfCancelled(Stage.INIT);
        GenerationRequest request = request(job.bundle(), job.source(), job.crop(), job.parameters());
        GenerationListener listener = new GenerationListener() {
            @Override
            public void onStage(Stage stage, String detail) {
                switch (stage) {
                    case PREPROCESS, ENCODER -> sink.progress(plan.encoding());
                    case DENOISER -> sink.progress(plan.denoising(0, job.steps()));
                    case INIT -> sink.progress(plan.loading());
                    default -> {
                        // decoder progress comes with each frame; done with the result
                    }
                }
            }

            @Override
            public void onStep(int step, int steps, double ms) {
                if (step < steps) sink.progress(plan.denoising(step, steps));
            }

            @Override
            public void onFrame(int index, VideoFrame frame, double ms) {
                sink.frame(new ClipFrame(index, frame, FrameImages.toImage(frame), ms));
                sink.progress(plan.decoded(index, job.frames()));
            }
        };
        try {
            long t0 = System.nanoTime();
            RunReport report = generator.generate(request, listener, cancel);
            return new Finished(report, (System.nanoTime() - t0) / 1e6);
        } catch (Exception e) {
            if (!job.target().isLocal() && !cancel.isCancelled()) {
                // a device run that failed may have lost its connection: reopen next time
                generators.discard(job.bundle(), job.target());
            }
            throw e;
        }
    }
}
