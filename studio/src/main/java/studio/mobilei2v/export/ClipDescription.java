package studio.mobilei2v.export;

import java.util.Objects;

/**
 * One clip handed to the exporter: how it was made, the image it was made from, and its frame
 * count, size and rate. The frames themselves flow separately, through a {@link FrameSink}.
 *
 * @param generation       generation parameters
 * @param sourceImage      the source image as the model saw it (the fitted image), normally PNG;
 *                         embedded in the file so an import can restore the clip exactly
 * @param sourceMediaType  MIME type of {@code sourceImage}, e.g. image/png
 * @param frames           number of frames the clip contributes
 * @param width            frame width as generated
 * @param height           frame height as generated
 * @param fps              the model's frame rate
 */
public record ClipDescription(GenerationParameters generation, byte[] sourceImage, String sourceMediaType,
                              int frames, int width, int height, double fps) {

    public ClipDescription {
        Objects.requireNonNull(generation, "generation");
        if (frames <= 0 || width <= 0 || height <= 0) {
            throw new IllegalArgumentException("clip needs positive frames and size, got " + frames + " frames of "
                    + width + "x" + height);
        }
        if (sourceImage != null && sourceMediaType == null) {
            sourceMediaType = "image/png";
        }
    }
}
