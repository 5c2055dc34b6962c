package studio.mobilei2v.inference.bundle;

import studio.mobilei2v.inference.sampler.TeacherSchedule;

import java.util.List;
import java.util.Optional;

/**
 * manifest "sampler": rectified-flow Euler; the schedules the bundle offers, plus teacher
 * schedules of any step count computed from {@link #shift()} (see {@link TeacherSchedule}).
 */
public record SamplerSpec(String type, double timestepScale, double shift, String defaultSchedule,
                          List<SigmaSchedule> schedules) {
    public static final String RECTIFIED_FLOW_EULER = "rectified-flow-euler";

    public SamplerSpec {
        schedules = List.copyOf(schedules);
    }

    /** A listed schedule by name. */
    public Optional<SigmaSchedule> listed(String name) {
        return schedules.stream().filter(s -> s.name().equals(name)).findFirst();
    }

    /**
     * A listed schedule by name, or "teacher-N" (N >= 1) computed from the shift when not listed.
     * Null means the default schedule.
     */
    public Optional<SigmaSchedule> resolve(String name) {
        String wanted = name == null ? defaultSchedule : name;
        Optional<SigmaSchedule> found = listed(wanted);
        if (found.isPresent()) {
            return found;
        }
        if (wanted.startsWith("teacher-")) {
            try {
                int n = Integer.parseInt(wanted.substring("teacher-".length()));
                if (n >= 1 && n <= TeacherSchedule.MAX_STEPS) {
                    return Optional.of(teacher(n));
                }
            } catch (NumberFormatException ignored) {
                // not a step count: falls through to "unknown schedule"
            }
        }
        return Optional.empty();
    }

    /**
     * The schedule for a step count, as the command line's {@code --steps N} means it: a listed
     * distilled schedule with that many steps when there is one, otherwise a listed teacher
     * schedule with that many steps, otherwise teacher-N computed from the shift.
     */
    public SigmaSchedule forSteps(int steps) {
        if (steps < 1 || steps > TeacherSchedule.MAX_STEPS) {
            throw new IllegalArgumentException("steps must be between 1 and " + TeacherSchedule.MAX_STEPS
                    + ", not " + steps);
        }
        for (SigmaSchedule.Kind kind : SigmaSchedule.Kind.values()) {
            for (SigmaSchedule s : schedules) {
                if (s.kind() == kind && s.steps() == steps) {
                    return s;
                }
            }
        }
        return teacher(steps);
    }

    /** teacher-N: listed if the manifest lists it, else computed from the shift. */
    public SigmaSchedule teacher(int steps) {
        String name = "teacher-" + steps;
        return listed(name).orElseGet(() -> new SigmaSchedule(name, SigmaSchedule.Kind.TEACHER, steps,
                TeacherSchedule.sigmas(steps, shift), GraphRole.DENOISER_TEACHER, false));
    }

    /** Names a UI can offer: the listed ones (computed teacher-N are available on top). */
    public List<String> scheduleNames() {
        return schedules.stream().map(SigmaSchedule::name).toList();
    }
}
