package studio.mobilei2v.cli;

import studio.mobilei2v.export.ExportResult;
import studio.mobilei2v.inference.RunReport;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/** What generate and batch print about their files and the run (sizes in KiB/MiB), and the clean-up of a failed output. */
final class GenerateOutput {
    private GenerateOutput() {
    }

    static void printSummary(PrintWriter w, List<ExportResult> results, RunReport r, double exportFps) {
        for (ExportResult e : results) {
            w.println(String.format(Locale.ROOT, "%s: %s %dx%d, %d frames at %s fps, %s", e.file(), e.format().label(),
                    e.width(), e.height(), e.frames(), InfoCommand.num(exportFps), humanBytes(e.bytes())));
            for (String note : e.notes()) {
                w.println("  note: " + note);
            }
        }
        RunReport.StageTimes s = r.stages();
        double perFrame = r.frameMs().isEmpty() ? 0 : r.frameMs().stream().mapToDouble(Double::doubleValue).average().orElse(0);
        w.println(String.format(Locale.ROOT,
                "latency: total %.0f ms%s | image %.0f, encoder %.0f, denoiser %.0f (%d %s), decoder %.0f + warp %.0f (%.1f ms/frame) | first frame at %.0f ms | %.1f GFLOP/s, %s, %d threads",
                r.totalMs(), r.firstRun() ? String.format(Locale.ROOT, " (first run: %.0f ms session init)", r.initMs()) : "",
                s.loadMs(), s.encoderMs(), s.denoiserMs(), r.parameters().steps(), r.parameters().steps() == 1 ? "step" : "steps",
                s.decoderMs(), s.warpMs(), perFrame, r.firstFrameMs(), r.compute().gflopsPerSecond(),
                r.placement().target().equals("local") ? "this computer" : r.placement().target(), r.placement().threads()));
        w.flush();
    }

    static String humanBytes(long b) {
        if (b < 1024) {
            return b + " B";
        }
        if (b < 1024 * 1024) {
            return String.format(Locale.ROOT, "%.1f KiB", b / 1024.0);
        }
        return String.format(Locale.ROOT, "%.2f MiB", b / (1024.0 * 1024));
    }

    static void deleteQuietly(Path p) {
        try {
            if (Files.isDirectory(p)) {
                try (Stream<Path> s = Files.walk(p)) {
                    for (Path q : s.sorted(Comparator.reverseOrder()).toList()) {
                        Files.deleteIfExists(q);
                    }
                }
            } else {
                Files.deleteIfExists(p);
            }
        } catch (IOException ignored) {
            // best effort: the failure itself is reported
        }
    }
}
