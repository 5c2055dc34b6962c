package studio.mobilei2v.cli;

import picocli.CommandLine.Option;

/**
 * {@code -v/--verbose} (a picocli mixin): stack traces on errors ({@link MobileI2VCommand} looks
 * for the option) and FFmpeg's own log in the exports.
 */
final class VerboseOption {
    @Option(names = {"-v", "--verbose"}, description = "Stack traces on errors, FFmpeg's own log.")
    boolean verbose;

    /** Turns FFmpeg's log on when the option was given. */
    void apply() {
        if (verbose) {
            System.setProperty("mobilei2v.ffmpeg.verbose", "true");
        }
    }
}
