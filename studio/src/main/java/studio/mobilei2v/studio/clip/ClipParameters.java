package studio.mobilei2v.studio.clip;

import java.util.Objects;

/**
 * What the user chose for one clip: immutable, so a run always uses the exact values it started
 * with even if the user keeps editing while it streams.
 *
 * @param seed        noise seed
 * @param schedule    schedule name from the bundle's manifest ("distilled-1", "teacher-20", ...)
 * @param motionScore motion score inside the manifest's range
 * @param camera      camera motion class, or null when the bundle has none
 * @param prompt      text prompt, or null/empty (only used by bundles that declare a text input)
 */
public record ClipParameters(long seed, String schedule, double motionScore, String camera, String prompt) {
    public ClipParameters {
        Objects.requireNonNull(schedule, "schedule");
    }

    public ClipParameters withSeed(long s) { return new ClipParameters(s, schedule, motionScore, camera, prompt); }
    public ClipParameters withSchedule(String s) { return new ClipParameters(seed, s, motionScore, camera, prompt); }
    public ClipParameters withMotionScore(double m) { return new ClipParameters(seed, schedule, m, camera, prompt); }
    public ClipParameters withCamera(String c) { return new ClipParameters(seed, schedule, motionScore, c, prompt); }
    public ClipParameters withPrompt(String p) { return new ClipParameters(seed, schedule, motionScore, camera, p); }
}
