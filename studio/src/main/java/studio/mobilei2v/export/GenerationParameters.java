package studio.mobilei2v.export;

import java.util.List;

/**
 * How a clip was generated: everything needed to make the same clip again from its source
 * image. Written into every exported file (see docs/EXPORT.md) and read back by
 * {@link ExportedClipReader}. Nullable fields are conditioning the model did not offer.
 *
 * @param model        bundle name from manifest.json
 * @param modelVersion bundle version from manifest.json
 * @param variant      graph variant that ran (desktop fp32, mobile fp16, ...)
 * @param seed         seed of the Gaussian noise generator
 * @param schedule     sigma schedule name (e.g. distilled-1)
 * @param steps        sampler steps of that schedule
 * @param sigmas       the schedule's sigmas, so a file stays meaningful if the bundle changes
 * @param motionScore  motion score, or null when the model has none
 * @param camera       camera motion class, or null when the model has none
 * @param fit          how the source image was fitted to the model size (crop or pad)
 * @param sourceName   file name of the original source image (no folders: they may be private)
 * @param sourceSha256 SHA-256 of the original source image file
 * @param target       where it ran ("this computer", or a device serial)
 */
public record GenerationParameters(String model, String modelVersion, String variant, long seed, String schedule,
                                   int steps, List<Double> sigmas, Double motionScore, String camera, String fit,
                                   String sourceName, String sourceSha256, String target) {

    public GenerationParameters {
        sigmas = sigmas == null ? List.of() : List.copyOf(sigmas);
    }
}
