package studio.mobilei2v.studio.engine;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * What the studio shows and offers for one model bundle, copied from its validated manifest so that
 * the UI never guesses: video size, schedules, motion score range, camera classes, text input.
 */
public record BundleFacts(Path folder, String name, String version, int width, int height, int frames, double fps,
                          List<ScheduleChoice> schedules, String defaultSchedule,
                          double motionMin, double motionMax, double motionDefault, String motionUnit,
                          List<String> cameraClasses, String cameraDefault, boolean textInput,
                          String license, String provenance) {
    public BundleFacts {
        schedules = List.copyOf(schedules);
        cameraClasses = cameraClasses == null ? List.of() : List.copyOf(cameraClasses);
    }

    public boolean hasCamera() {
        return !cameraClasses.isEmpty();
    }

    public Optional<ScheduleChoice> schedule(String scheduleName) {
        return schedules.stream().filter(s -> s.name().equals(scheduleName)).findFirst();
    }

    /** Menu label: "mobilei2v-nano 0.1.0 (256x144, 17 frames)". */
    public String label() {
        return name + " " + version + " (" + width + "x" + height + ", " + frames + " frames)";
    }

    /** Why the prompt field is disabled, in one sentence. */
    public String promptDisabledReason() {
        return textInput ? "" : "This model does not take a text prompt: the motion comes from the picture, "
                + "the motion score" + (hasCamera() ? " and the camera motion." : ".");
    }
}
