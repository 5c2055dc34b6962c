package studio.mobilei2v.studio.session;

import studio.mobilei2v.inference.CropRect;
import studio.mobilei2v.inference.RunReport;
import studio.mobilei2v.studio.clip.ClipParameters;

import java.util.List;

/**
 * The kept session ({@code session.json}, format {@code mobilei2v-session/1}): the timeline in
 * order, each clip's picture (the studio's own copy, under its own file name), crop, settings and
 * takes, and the selection. Frames are not in this file: each take names the folder of its PNGs.
 *
 * @param selected id of the selected clip, or null
 */
public record SessionDocument(String format, String savedAt, String selected, List<ClipEntry> clips) {
    public static final String FORMAT = "mobilei2v-session/1";

    public SessionDocument {
        clips = clips == null ? List.of() : List.copyOf(clips);
    }

    /**
     * @param name        the picture's own file name ("holiday.jpg")
     * @param sourceFile  the studio's copy of the picture (under the config folder's sources/)
     * @param currentTake id of the take shown, or null
     */
    public record ClipEntry(String id, String name, String sourceFile, String sourceSha256, CropRect crop,
                            ClipParameters parameters, int fps, String currentTake, List<TakeEntry> takes) {
        public ClipEntry {
            takes = takes == null ? List.of() : List.copyOf(takes);
        }
    }

    /**
     * @param framesDir  folder holding {@code 000.png, 001.png, ...} (relative to the config folder)
     * @param status     "done" or "restored from file"
     * @param report     the run report, or null
     */
    public record TakeEntry(String id, ClipParameters parameters, CropRect crop, String model, String status,
                            String target, String framesDir, int frameCount, RunReport report) {
    }
}
