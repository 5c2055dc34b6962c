package studio.mobilei2v.inference.local;

import studio.mobilei2v.inference.GenerationRequest;
import studio.mobilei2v.inference.InvalidRequestException;
import studio.mobilei2v.inference.ModelImage;
import studio.mobilei2v.inference.bundle.CameraMotionSpec;
import studio.mobilei2v.inference.bundle.FrameSize;
import studio.mobilei2v.inference.bundle.GraphRole;
import studio.mobilei2v.inference.bundle.ModelBundle;
import studio.mobilei2v.inference.bundle.MotionScoreSpec;
import studio.mobilei2v.inference.bundle.SigmaSchedule;
import studio.mobilei2v.inference.bundle.Variant;
import studio.mobilei2v.inference.sampler.TeacherSchedule;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The validated parameters of one request against a bundle's variant: the one place that checks
 * them, for the local pipeline, the device runner (which runs the local pipeline) and the command
 * line (which checks before it loads anything). A refusal is an {@link InvalidRequestException}
 * naming the request field ({@code variant}, {@code steps}, {@code schedule}, {@code motionScore},
 * {@code camera}, {@code size}, {@code image}), the value and the reason.
 *
 * @param cameraIndex index of the camera class, 0 when the bundle has no camera conditioning
 * @param size        the output size (the picture's size for a whole request)
 */
public record RequestPlan(Variant variant, SigmaSchedule schedule, double motionScore, String camera, int cameraIndex,
                          FrameSize size) {

    /**
     * What a person asks for before there is a picture; every null means the bundle's default.
     *
     * @param steps    a step count ({@link studio.mobilei2v.inference.bundle.SamplerSpec#forSteps}); the
     *                 alternative to {@code schedule}
     * @param schedule a schedule name, or teacher-N
     * @param size     an output size as text, e.g. "1280x720"
     */
    public record Choices(String variant, Integer steps, String schedule, Double motionScore, String camera,
                          String size) {
    }

    /** Checks what a person asks for: variant, steps or schedule, motion score, camera, size. */
    public static RequestPlan of(ModelBundle bundle, Choices c) throws InvalidRequestException {
        Variant variant = variant(bundle, c.variant());
        if (c.steps() != null && c.schedule() != null) {
            throw new InvalidRequestException("steps", c.steps().toString(), "give a step count or a schedule, not both");
        }
        SigmaSchedule schedule;
        if (c.steps() != null) {
            try {
                schedule = bundle.sampler().forSteps(c.steps());
            } catch (IllegalArgumentException e) {
                throw new InvalidRequestException("steps", c.steps().toString(), notOffered(bundle));
            }
        } else {
            schedule = named(bundle, c.schedule());
        }
        served(bundle, variant, schedule, c.steps() != null ? "steps" : "schedule",
                c.steps() != null ? c.steps().toString() : c.schedule());
        return conditioned(bundle, variant, schedule, c.motionScore(), c.camera(), size(bundle, c.size()));
    }

    /** Checks a whole request: the picture's size must be an output size the bundle offers. */
    public static RequestPlan of(ModelBundle bundle, Variant variant, GenerationRequest r) throws InvalidRequestException {
        ModelImage img = r.image();
        FrameSize size = new FrameSize(img.width(), img.height());
        if (!bundle.video().offers(img.width(), img.height())) {
            throw new InvalidRequestException("image", size.toString(), bundle.name() + " makes " + sizes(bundle)
                    + " (fit the source image first)");
        }
        return conditioned(bundle, variant, served(bundle, variant, named(bundle, r.schedule()), "schedule", r.schedule()),
                r.motionScore(), r.camera(), size);
    }

    /** Checks the conditioning parameters of a request (null: the bundle's defaults) at the default size. */
    public static RequestPlan of(ModelBundle bundle, Variant variant, String scheduleName, Double motionScore,
                                 String cameraName) throws InvalidRequestException {
        return conditioned(bundle, variant, served(bundle, variant, named(bundle, scheduleName), "schedule", scheduleName),
                motionScore, cameraName, bundle.video().size());
    }

    /** The schedules a bundle offers, as a message lists them: "distilled-1 (1 step), ..., or teacher-N for 1 to 1000 steps". */
    public static String offered(ModelBundle bundle) {
        List<String> names = new ArrayList<>();
        for (SigmaSchedule s : bundle.sampler().schedules()) {
            names.add(s.name() + " (" + s.steps() + (s.steps() == 1 ? " step" : " steps") + ")");
        }
        return String.join(", ", names) + ", or teacher-N for 1 to " + TeacherSchedule.MAX_STEPS + " steps";
    }

    private static Variant variant(ModelBundle bundle, String name) throws InvalidRequestException {
        String wanted = name == null ? Variant.DESKTOP : name;
        Variant v = bundle.manifest().variants().get(wanted);
        if (v == null) {
            throw new InvalidRequestException("variant", wanted, "not a variant of " + bundle.name() + " (it has "
                    + bundle.manifest().variants().keySet() + ")");
        }
        if (!v.hasGraph(GraphRole.ENCODER)) {
            throw new InvalidRequestException("variant", wanted, "has no encoder graph in " + bundle.name());
        }
        return v;
    }

    private static String notOffered(ModelBundle bundle) {
        return "not offered by " + bundle.name() + "; offered: " + offered(bundle);
    }

    private static SigmaSchedule named(ModelBundle bundle, String name) throws InvalidRequestException {
        return bundle.sampler().resolve(name).orElseThrow(() ->
                new InvalidRequestException("schedule", name, notOffered(bundle)));
    }

    private static SigmaSchedule served(ModelBundle bundle, Variant variant, SigmaSchedule schedule, String field,
                                        String value) throws InvalidRequestException {
        if (!variant.hasGraph(schedule.denoiser())) {
            throw new InvalidRequestException(field, value, "not offered by variant '" + variant.name() + "' of "
                    + bundle.name() + " (it has no '" + schedule.denoiser() + "' graph); offered: " + offered(bundle));
        }
        if (!variant.serves(schedule)) {
            throw new InvalidRequestException(field, value, "'" + schedule.name() + "' is not served by variant '"
                    + variant.name() + "' of " + bundle.name() + " (it serves " + variant.schedules().orElse(List.of()) + ")");
        }
        return schedule;
    }

    private static FrameSize size(ModelBundle bundle, String text) throws InvalidRequestException {
        if (text == null) {
            return bundle.video().size();
        }
        FrameSize size;
        try {
            size = FrameSize.parse(text);
        } catch (IllegalArgumentException e) {
            throw new InvalidRequestException("size", text, e.getMessage());
        }
        if (!bundle.video().offers(size.width(), size.height())) {
            throw new InvalidRequestException("size", text, bundle.name() + " makes " + sizes(bundle));
        }
        return size;
    }

    private static String sizes(ModelBundle bundle) {
        return bundle.video().sizes().stream().map(FrameSize::toString).collect(Collectors.joining(", "));
    }

    private static RequestPlan conditioned(ModelBundle bundle, Variant variant, SigmaSchedule schedule, Double motionScore,
                                           String cameraName, FrameSize size) throws InvalidRequestException {
        MotionScoreSpec m = bundle.conditioning().motionScore();
        double motion = motionScore == null ? m.defaultValue() : motionScore;
        if (!Double.isFinite(motion) || !m.accepts(motion)) {
            throw new InvalidRequestException("motionScore", String.valueOf(motion), "out of range for " + bundle.name()
                    + " (" + number(m.min()) + " to " + number(m.max()) + ")");
        }
        CameraMotionSpec cam = bundle.conditioning().cameraMotionOrNull();
        String camera = null;
        int cameraIndex = 0;
        if (cam == null) {
            if (cameraName != null) {
                throw new InvalidRequestException("camera", cameraName, bundle.name() + " has no camera motion control");
            }
        } else {
            camera = cameraName == null ? cam.defaultClass() : cameraName;
            cameraIndex = cam.indexOf(camera);
            if (cameraIndex < 0) {
                throw new InvalidRequestException("camera", camera, "unknown camera motion for " + bundle.name()
                        + " (one of " + String.join(", ", cam.classes()) + ")");
            }
        }
        return new RequestPlan(variant, schedule, motion, camera, cameraIndex, size);
    }

    private static String number(double v) {
        return v == Math.rint(v) ? String.format(Locale.ROOT, "%.1f", v) : Double.toString(v);
    }
}
