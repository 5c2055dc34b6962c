package studio.mobilei2v.inference.local;

import studio.mobilei2v.inference.GenerationRequest;
import studio.mobilei2v.inference.InvalidRequestException;
import studio.mobilei2v.inference.ModelImage;
import studio.mobilei2v.inference.bundle.CameraMotionSpec;
import studio.mobilei2v.inference.bundle.ModelBundle;
import studio.mobilei2v.inference.bundle.MotionScoreSpec;
import studio.mobilei2v.inference.bundle.SigmaSchedule;
import studio.mobilei2v.inference.bundle.Variant;
import studio.mobilei2v.inference.bundle.VideoSpec;

import java.util.List;

/**
 * The validated parameters of one request against a bundle's variant: the one place that
 * checks them, naming the request field at fault ({@link InvalidRequestException#field()}).
 *
 * @param cameraIndex index of the camera class, 0 when the bundle has no camera conditioning
 */
public record RequestPlan(SigmaSchedule schedule, double motionScore, String camera, int cameraIndex) {

    /** Checks a whole request: the picture's size must be an output size the bundle offers. */
    public static RequestPlan of(ModelBundle bundle, Variant variant, GenerationRequest r) throws InvalidRequestException {
        VideoSpec v = bundle.video();
        ModelImage img = r.image();
        if (!v.offers(img.width(), img.height())) {
            throw new InvalidRequestException("image", "is " + img.width() + "x" + img.height() + " but "
                    + bundle.name() + " makes " + (v.sizes().size() == 1 ? v.size().toString() : "one of " + v.sizes())
                    + " (fit the source image first)");
        }
        return of(bundle, variant, r.schedule(), r.motionScore(), r.camera());
    }

    /** Checks the conditioning parameters of a request (null: the bundle's defaults). */
    public static RequestPlan of(ModelBundle bundle, Variant variant, String scheduleName, Double motionScore,
                                 String cameraName) throws InvalidRequestException {
        SigmaSchedule schedule = bundle.sampler().resolve(scheduleName).orElseThrow(() ->
                new InvalidRequestException("schedule", "'" + scheduleName + "' is not offered by " + bundle.name()
                        + " (choose one of " + bundle.sampler().scheduleNames() + " or teacher-N)"));
        if (!variant.hasGraph(schedule.denoiser())) {
            throw new InvalidRequestException("schedule", "'" + schedule.name() + "' needs graph '" + schedule.denoiser()
                    + "', which variant '" + variant.name() + "' does not have");
        }
        if (!variant.serves(schedule)) {
            throw new InvalidRequestException("schedule", "'" + schedule.name() + "' is not served by variant '"
                    + variant.name() + "' (it serves " + variant.schedules().orElse(List.of()) + ")");
        }
        MotionScoreSpec m = bundle.conditioning().motionScore();
        double motion = motionScore == null ? m.defaultValue() : motionScore;
        if (!Double.isFinite(motion) || !m.accepts(motion)) {
            throw new InvalidRequestException("motionScore", motion + " is outside " + bundle.name() + "'s range ["
                    + m.min() + ", " + m.max() + "]");
        }
        CameraMotionSpec cam = bundle.conditioning().cameraMotionOrNull();
        String camera = null;
        int cameraIndex = 0;
        if (cam == null) {
            if (cameraName != null) {
                throw new InvalidRequestException("camera", bundle.name() + " has no camera motion conditioning; '"
                        + cameraName + "' cannot be used");
            }
        } else {
            camera = cameraName == null ? cam.defaultClass() : cameraName;
            cameraIndex = cam.indexOf(camera);
            if (cameraIndex < 0) {
                throw new InvalidRequestException("camera", "'" + camera + "' is not one of " + cam.classes());
            }
        }
        return new RequestPlan(schedule, motion, camera, cameraIndex);
    }
}
