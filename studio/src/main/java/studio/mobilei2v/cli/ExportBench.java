package studio.mobilei2v.cli;

import studio.mobilei2v.cli.BenchFigures.ExportTiming;
import studio.mobilei2v.export.ClipDescription;
import studio.mobilei2v.export.ClipExporter;
import studio.mobilei2v.export.ExportException;
import studio.mobilei2v.export.ExportFormat;
import studio.mobilei2v.export.ExportOptions;
import studio.mobilei2v.export.FrameSink;
import studio.mobilei2v.export.GenerationParameters;
import studio.mobilei2v.export.RgbFrame;
import studio.mobilei2v.image.PanningClip;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

import static studio.mobilei2v.cli.BenchFigures.round;
import static studio.mobilei2v.inference.Percentiles.nearestRank;

/**
 * The export half of {@code bench}: 17 frames of 1280x720 through each video exporter, the way
 * generate writes them (metadata, source image, temporary name, verification, rename). The frames
 * are a sample photo panning 6 px per frame: natural content with motion, like a trained model's output.
 */
final class ExportBench {
    static final int WIDTH = 1280;
    static final int HEIGHT = 720;
    static final int FRAMES = 17;

    private ExportBench() {
    }

    static Map<String, ExportTiming> run(int runs, PrintWriter out, PrintWriter err) throws Exception {
        List<RgbFrame> clip = PanningClip.frames(BenchCommand.defaultSample(), WIDTH, HEIGHT, FRAMES, 6).stream()
                .map(f -> new RgbFrame(f.width(), f.height(), f.rgb())).toList();
        Path tmp = Files.createTempDirectory("mobilei2v-bench-");
        Map<String, ExportTiming> export = new LinkedHashMap<>();
        try {
            err.println("bench: export " + FRAMES + " frames of " + WIDTH + "x" + HEIGHT + " x " + runs + " runs per format ...");
            err.flush();
            for (ExportFormat format : List.of(ExportFormat.MP4_H264, ExportFormat.WEBM_VP9, ExportFormat.GIF)) {
                List<Double> ms = new ArrayList<>();
                List<Double> cpu = new ArrayList<>();
                long bytes = 0;
                timeExport(tmp, format, clip); // warm-up: native libraries, JIT
                for (int i = 0; i < runs; i++) {
                    long c0 = processCpuNanos();
                    long t0 = System.nanoTime();
                    bytes = timeExport(tmp, format, clip);
                    ms.add((System.nanoTime() - t0) / 1e6);
                    cpu.add((processCpuNanos() - c0) / 1e6);
                }
                // CPU time of the whole process (encoder threads are native): on a shared, busy
                // machine wall time mostly measures the neighbours; CPU time / cores is the
                // wall time an idle machine would show when the encoder keeps every core busy.
                export.put(format.name().toLowerCase(Locale.ROOT), new ExportTiming(round(nearestRank(ms, 50)),
                        round(nearestRank(ms, 90)), round(nearestRank(cpu, 50)), bytes));
            }
        } finally {
            try (Stream<Path> s = Files.walk(tmp)) {
                for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
        out.println("export: 17 frames of 1280x720 (wall time from open to renamed file, " + runs + " runs)");
        for (Map.Entry<String, ExportTiming> e : export.entrySet()) {
            ExportTiming f = e.getValue();
            out.println(String.format(Locale.ROOT, "  %-10s p50 %7.1f ms   p90 %7.1f ms   cpu p50 %7.1f ms   %s%s", e.getKey(),
                    f.p50(), f.p90(), f.cpuMsP50(), GenerateOutput.humanBytes(f.bytes()),
                    e.getKey().equals("mp4_h264") ? "   (goal: at most 500 ms)" : ""));
        }
        return export;
    }

    private static long processCpuNanos() {
        java.lang.management.OperatingSystemMXBean os = java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.OperatingSystemMXBean sun) {
            return sun.getProcessCpuTime();
        }
        return 0;
    }

    private static long timeExport(Path dir, ExportFormat format, List<RgbFrame> clip) throws ExportException {
        GenerationParameters params = new GenerationParameters("bench", "0", "desktop", 0, "distilled-1", 1,
                List.of(1.0, 0.0), 2.0, null, "crop", "bench.png", null, "this computer");
        RgbFrame first = clip.get(0);
        ClipDescription d = new ClipDescription(params, null, null, clip.size(), first.width(), first.height(), 17);
        Path target = dir.resolve("bench." + format.extension());
        try (FrameSink sink = ClipExporter.open(target, ExportOptions.of(format, 17), List.of(d))) {
            for (RgbFrame f : clip) {
                sink.accept(f);
            }
            return sink.finish().bytes();
        }
    }
}
