package studio.mobilei2v.cli;

import java.util.concurrent.Callable;

import picocli.CommandLine.Command;

/** Placeholder replaced below. */
@Command(name = "bench", mixinStandardHelpOptions = true, description = "Benchmark the pipeline and the export.")
final class BenchCommand implements Callable<Integer> {
    @Override
    public Integer call() throws Exception {
        throw new CommandFailedException("bench: not built yet");
    }
}
