package studio.mobilei2v.studio.engine;

import studio.mobilei2v.inference.bundle.SigmaSchedule;

/**
 * One entry of the steps picker: a schedule the manifest lists, in the user's words.
 *
 * @param name  schedule name as the inference API takes it ("distilled-1", "teacher-20")
 * @param kind  distilled or teacher
 * @param steps number of denoiser calls
 */
public record ScheduleChoice(String name, SigmaSchedule.Kind kind, int steps) {
    /** "1 step (distilled)", "teacher, 20 steps". */
    public String label() {
        if (kind == SigmaSchedule.Kind.TEACHER) return "teacher, " + steps + " steps";
        return steps + (steps == 1 ? " step" : " steps") + " (" + kind + ")";
    }

    @Override
    public String toString() {
        return label();
    }
}
