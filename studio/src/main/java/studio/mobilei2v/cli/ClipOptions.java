package studio.mobilei2v.cli;

import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * How a clip is made, shared by {@code generate} and {@code batch} (a picocli mixin): model,
 * sampler, motion, output encoding and runtime ({@link RuntimeOptions}, shared with {@code bench}).
 * {@link ClipPlan#of} turns them into a checked plan, so both commands accept and refuse exactly
 * the same values.
 */
final class ClipOptions {
    @Mixin
    RuntimeOptions runtime = new RuntimeOptions();

    @Option(names = "--steps", paramLabel = "N", description = "Sampler steps: 1 or 2 (distilled) or N (teacher). Default: the bundle's default schedule.")
    Integer steps;

    @Option(names = "--schedule", paramLabel = "NAME", description = "A schedule by name (e.g. distilled-2, teacher-20) instead of --steps.")
    String schedule;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "0", description = "Noise seed (default: ${DEFAULT-VALUE}). Same seed, same video.")
    long seed;

    @Option(names = "--motion", paramLabel = "M", description = "Motion score (default: the bundle's).")
    Double motion;

    @Option(names = "--camera", paramLabel = "NAME", description = "Camera motion class (see `info`).")
    String camera;

    @Option(names = "--size", paramLabel = "WxH", description = "Video size, one the model offers (see `info`; default: the model's default, 1280x720 for the bundled model).")
    String size;

    @Option(names = "--fps", paramLabel = "F", description = "Frames per second of the file (default: the model's).")
    Double fps;

    @Option(names = "--quality", paramLabel = "Q", defaultValue = "75", description = "1..100 (default: ${DEFAULT-VALUE}).")
    int quality = 75;

    @Option(names = "--scale", paramLabel = "X", defaultValue = "1.0", description = "Output size relative to the model's frames (default: ${DEFAULT-VALUE}).")
    double scale = 1.0;

    @Option(names = "--fit", paramLabel = "crop|pad", defaultValue = "crop", description = "Fit the image by centre crop or by padding (default: ${DEFAULT-VALUE}).")
    String fit = "crop";
}
