package studio.mobilei2v.studio.clip;

import studio.mobilei2v.inference.CropRect;
import studio.mobilei2v.inference.RunReport;

import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * One finished result of a clip: the frames and exactly the settings that made them. A re-run adds
 * a take; a cancelled or failed run adds none, so the last good take stays.
 *
 * @param parameters what the frames were generated with (not what the source panel shows now)
 * @param model      model name the frames came from ("" when unknown)
 * @param report     the run report, or null (a clip restored from an exported file)
 * @param status     {@link ClipStatus#DONE} or {@link ClipStatus#RESTORED}
 * @param target     where it ran, in words ("This computer", a device name), or null
 */
public record Take(UUID id, ClipParameters parameters, CropRect crop, String model, List<ClipFrame> frames,
                   RunReport report, ClipStatus status, String target) {
    public Take {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(parameters, "parameters");
        frames = List.copyOf(frames);
        model = model == null ? "" : model;
    }
}
