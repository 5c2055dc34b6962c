package studio.mobilei2v.inference;

import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Locale;

/** How a source image of another aspect ratio is fitted to the model's video size. */
public enum FitMode {
    /** Scale so the model frame is covered, then cut the overhang (centre by default). */
    CROP,
    /** Scale so the whole image is visible, fill the rest with black bars. */
    PAD;

    /** "crop" or "pad": the manifest's and the runner protocol's word. */
    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses "crop"/"pad" (any case); names the accepted values on error. */
    public static FitMode parse(String text) {
        for (FitMode m : values()) {
            if (m.name().equalsIgnoreCase(text)) {
                return m;
            }
        }
        throw new IllegalArgumentException("fit mode must be 'crop' or 'pad', not '" + text + "'");
    }
}
