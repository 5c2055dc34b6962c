package studio.mobilei2v.cli;

import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * What a clip-making command prints (a picocli mixin shared by generate and batch): {@code -q}
 * for no progress, {@code -v} ({@link VerboseOption}) for stack traces and FFmpeg's own log.
 */
final class ConsoleOptions {
    @Option(names = {"-q", "--quiet"}, description = "No progress, only errors and the summary.")
    boolean quiet;

    @Mixin
    VerboseOption verbose = new VerboseOption();

    /** Turns FFmpeg's log on when -v was given. */
    void apply() {
        verbose.apply();
    }
}
