package studio.mobilei2v.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import studio.mobilei2v.inference.io.AtomicFiles;
import studio.mobilei2v.inference.local.LocalOptions;

/**
 * {@code bench}: the pipeline's latency (warm-up, then N timed runs: P50/P90 of clip, first
 * frame, stages, frames), achieved GFLOP/s against an ONNX Runtime MatMul probe in the same
 * process and against the CPU's nominal peak, peak memory, and the export of 17 frames of
 * 1280x720 to each video format. Prints a table; --json writes the same figures as JSON.
 */
@Command(name = "bench", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Measure generation latency, arithmetic efficiency and export speed.")
final class BenchCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    RuntimeOptions runtime = new RuntimeOptions();

    @Option(names = "--runs", paramLabel = "N", defaultValue = "5", description = "Timed runs after the warm-up (default: ${DEFAULT-VALUE}).")
    int runs;

    @Option(names = "--steps", paramLabel = "S", description = "Sampler steps (default: the bundle's default schedule).")
    Integer steps;

    @Option(names = "--image", paramLabel = "IMG", description = "Source image (default: the first of assets/samples).")
    Path image;

    @Option(names = "--device", paramLabel = "SERIAL", description = "Benchmark a connected device instead of this computer.")
    String device;

    @Mixin
    AdbServerOption adbServer = new AdbServerOption();

    @Option(names = "--json", paramLabel = "FILE", description = "Also write the figures as JSON.")
    Path json;

    @Option(names = "--probe", paramLabel = "MxKxN", defaultValue = "2760x1152x4608",
            description = "MatMul probe shape (default: the full-size denoiser's, ${DEFAULT-VALUE}); 'none' to skip.")
    String probe;


    @Option(names = "--profile", paramLabel = "DIR",
            description = "Write ONNX Runtime's per-node profile of each graph into DIR and print the operators taking the most time.")
    Path profile;

    @Option(names = "--export-only", description = "Only the export benchmark (no model needed).")
    boolean exportOnly;

    @Option(names = "--no-export", description = "Skip the export benchmark.")
    boolean noExport;

    @Mixin
    VerboseOption verbose = new VerboseOption();

    @Override
    public Integer call() throws Exception {
        verbose.apply();
        if (runs < 1 || runs > 1000) {
            throw new BadInputException("--runs " + runs + ": must be 1 to 1000");
        }
        if (!"none".equalsIgnoreCase(probe)) {
            parseProbe(probe); // a typo fails now, not after minutes of runs
        }
        RuntimeOptions.memoryMode(runtime.memory);
        if (json != null) {
            OutputPreflight.check("--json", json, false);
        }
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        BenchFigures.Pipeline pipeline = null;
        if (!exportOnly) {
            pipeline = new PipelineBench(this).run(out, err);
            PipelineTable.print(out, pipeline);
        }
        var export = noExport ? null : ExportBench.run(runs, out, err);
        if (json != null) {
            Path target = json.toAbsolutePath().normalize();
            AtomicFiles.write(target, (new BenchFigures(pipeline, export).toJson() + "\n").getBytes(StandardCharsets.UTF_8));
            out.println("json: " + target);
        }
        out.flush();
        return ExitCodes.OK;
    }


    static Path defaultSample() {
        Path home = ModelLocator.home();
        if (home == null) {
            return null;
        }
        try (Stream<Path> s = Files.list(home.resolve("assets/samples"))) {
            return s.filter(p -> p.getFileName().toString().startsWith("sample")).sorted().findFirst().orElse(null);
        } catch (IOException e) {
            return null;
        }
    }

    static int[] parseProbe(String s) throws BadInputException {
        String[] parts = s.toLowerCase(Locale.ROOT).split("x");
        try {
            if (parts.length == 3) {
                int[] v = {Integer.parseInt(parts[0]), Integer.parseInt(parts[1]), Integer.parseInt(parts[2])};
                if (v[0] > 0 && v[1] > 0 && v[2] > 0 && (long) v[0] * v[1] < 1 << 28 && (long) v[1] * v[2] < 1 << 28) {
                    return v;
                }
            }
        } catch (NumberFormatException ignored) {
            // falls through
        }
        throw new BadInputException("--probe " + s + ": expected MxKxN, e.g. 2760x1152x4608, or 'none'");
    }
}
