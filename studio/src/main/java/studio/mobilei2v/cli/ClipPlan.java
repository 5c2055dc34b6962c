package studio.mobilei2v.cli;

import studio.mobilei2v.export.ExportFormat;
import studio.mobilei2v.export.ExportOptions;
import studio.mobilei2v.inference.FitMode;
import studio.mobilei2v.inference.InvalidRequestException;
import studio.mobilei2v.inference.bundle.BundleException;
import studio.mobilei2v.inference.bundle.FrameSize;
import studio.mobilei2v.inference.bundle.ModelBundle;
import studio.mobilei2v.inference.bundle.SigmaSchedule;
import studio.mobilei2v.inference.local.LocalOptions;
import studio.mobilei2v.inference.local.RequestPlan;

import java.nio.file.Path;

/**
 * What was decided from the clip options and the bundle before anything runs, for {@code generate}
 * and {@code batch} alike. The request itself (variant, steps or schedule, motion, camera, size)
 * is checked by the inference's {@link RequestPlan}; this adds the output and its encoding.
 */
record ClipPlan(ModelBundle bundle, ExportFormat format, ExportOptions exportOptions, FitMode fitMode,
                SigmaSchedule schedule, double motionScore, String camera, LocalOptions localOptions, FrameSize size) {

    /**
     * Checks every option against the bundle. Nothing is loaded into ONNX Runtime yet.
     *
     * @param out           the output file or folder ({@code --out})
     * @param onThisComputer false when the clip runs on a device (its own ONNX Runtime)
     */
    static ClipPlan of(ClipOptions clip, Path out, boolean onThisComputer) throws BadInputException {
        ExportFormat format;
        try {
            format = ExportFormat.fromPath(out);
        } catch (IllegalArgumentException e) {
            throw new BadInputException("--out " + out + ": " + e.getMessage());
        }
        OutputPreflight.check("--out", out, format == ExportFormat.PNG_SEQUENCE);
        FitMode fitMode;
        try {
            fitMode = FitMode.parse(clip.fit);
        } catch (IllegalArgumentException e) {
            throw new BadInputException("--fit: " + e.getMessage());
        }
        LocalOptions local = clip.runtime.localOptions(onThisComputer);
        if (clip.steps != null && clip.schedule != null) {
            throw new BadInputException("--steps and --schedule: give one of them, not both");
        }
        ModelBundle bundle = openBundle(clip.runtime.model);
        ExportOptions exportOptions;
        try {
            exportOptions = new ExportOptions(format, clip.fps != null ? clip.fps : bundle.video().fps(), clip.quality, clip.scale);
        } catch (IllegalArgumentException e) {
            String field = e.getMessage().startsWith("fps") ? "--fps" : e.getMessage().startsWith("quality")
                    ? "--quality" : "--scale";
            throw new BadInputException(field + ": " + e.getMessage());
        }
        RequestPlan request = request(bundle, new RequestPlan.Choices(clip.runtime.variant, clip.steps, clip.schedule,
                clip.motion, clip.camera, clip.size));
        return new ClipPlan(bundle, format, exportOptions, fitMode, request.schedule(), request.motionScore(),
                request.camera(), local, request.size());
    }

    /** The bundle of {@code --model} (or the bundled one); a broken one is bad input naming its file and field. */
    static ModelBundle openBundle(Path model) throws BadInputException {
        Path dir = ModelLocator.bundle(model);
        try {
            return ModelBundle.open(dir);
        } catch (BundleException e) {
            throw new BadInputException(dir + ": " + e.getMessage(), e);
        }
    }

    /** The inference's check of a request, its refusal naming the option. */
    static RequestPlan request(ModelBundle bundle, RequestPlan.Choices choices) throws BadInputException {
        try {
            return RequestPlan.of(bundle, choices);
        } catch (InvalidRequestException e) {
            throw RequestErrors.badInput(e);
        }
    }
}
