package studio.mobilei2v.studio.export;

import studio.mobilei2v.export.ClipDescription;
import studio.mobilei2v.export.ClipExporter;
import studio.mobilei2v.export.ExportResult;
import studio.mobilei2v.export.ExportSizeEstimator;
import studio.mobilei2v.export.FrameSink;
import studio.mobilei2v.export.GenerationParameters;
import studio.mobilei2v.export.RgbFrame;
import studio.mobilei2v.inference.RunReport;
import studio.mobilei2v.studio.clip.Clip;
import studio.mobilei2v.studio.clip.ClipFrame;
import studio.mobilei2v.studio.clip.ClipParameters;
import studio.mobilei2v.studio.task.TaskContext;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The one place the studio calls the exporter: turns clips (a snapshot of their frames) into
 * {@link ClipDescription}s and streams the frames into a {@link FrameSink}. A cancelled export
 * closes the sink unfinished, which deletes what was written.
 */
public final class ExportService {
    private ExportService() {
    }

    /** Frames and facts of one clip, copied on the UI thread so the export never reads a list that is changing. */
    public record ClipSnapshot(Clip clip, List<ClipFrame> frames, ClipParameters parameters, RunReport report,
                               String model, Path sourceFile, String sourceSha256, String sourceName, double fps) {
        public static ClipSnapshot of(Clip c) {
            // the settings that made the frames (the take), not what the Source panel holds now
            ClipParameters made = c.currentTake() != null ? c.currentTake().parameters() : c.parameters();
            return new ClipSnapshot(c, List.copyOf(c.frames()), made, c.lastReportProperty().get(),
                    c.modelProperty().get(), c.source().file(), c.source().sha256(), c.source().name(), c.fpsProperty().get());
        }
    }

    public static long estimateBytes(ExportRequest r, List<ClipSnapshot> clips) {
        if (clips.isEmpty()) return 0;
        int frames = clips.stream().mapToInt(c -> c.frames().size()).sum();
        ClipFrame first = clips.get(0).frames().get(0);
        long source = 0;
        for (ClipSnapshot c : clips) {
            try { source += EmbeddedSource.of(c.sourceFile(), r.embed()).size(); } catch (IOException e) { /* estimate without it */ }
        }
        return ExportSizeEstimator.estimateBytes(r.options(), first.pixels().width(), first.pixels().height(), frames, source);
    }

    public static ExportResult export(ExportRequest r, List<ClipSnapshot> clips, TaskContext ctx) throws Exception {
        List<ClipDescription> descriptions = new ArrayList<>();
        for (ClipSnapshot c : clips) descriptions.add(describe(c, r.embed()));
        int total = clips.stream().mapToInt(c -> c.frames().size()).sum();
        int done = 0;
        // the dialog proposes ~/Videos, which a fresh account may not have: create the folder the user named
        ExportTargets.createParents(r.target());
        try (FrameSink sink = ClipExporter.open(r.target(), r.options(), descriptions)) {
            for (ClipSnapshot c : clips) {
                for (ClipFrame f : c.frames()) {
                    if (ctx.isCancelled()) return null; // close() without finish() removes the partial file
                    sink.accept(new RgbFrame(f.pixels().width(), f.pixels().height(), f.pixels().rgb()));
                    done++;
                    ctx.progress(done / (double) (total + 1), "export frame " + done + "/" + total);
                }
            }
            ctx.progress(total / (double) (total + 1), "export: finishing file");
            return sink.finish();
        }
    }

    static ClipDescription describe(ClipSnapshot c, SourceEmbedding embed) throws IOException {
        ClipParameters p = c.parameters();
        RunReport rep = c.report();
        GenerationParameters g;
        if (rep != null) {
            RunReport.Parameters rp = rep.parameters();
            g = new GenerationParameters(rep.model().name(), rep.model().version(), rep.model().variant(), rp.seed(),
                    rp.schedule(), rp.steps(), rp.sigmas(), rp.motionScore(), rp.camera(), rp.fit(), c.sourceName(),
                    c.sourceSha256(), rep.placement() == null ? "local" : rep.placement().target());
        } else {
            // a restored clip: what it was made with, as far as we know it
            g = new GenerationParameters(c.model(), null, null, p.seed(), p.schedule(), 0, List.of(), p.motionScore(),
                    p.camera(), "crop", c.sourceName(), c.sourceSha256(), null);
        }
        EmbeddedSource source = EmbeddedSource.of(c.sourceFile(), embed);
        ClipFrame first = c.frames().get(0);
        return new ClipDescription(g, source.bytes(), source.mediaType(), c.frames().size(),
                first.pixels().width(), first.pixels().height(), c.fps());
    }

    static String mediaType(Path file) {
        String n = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (n.endsWith(".jpg") || n.endsWith(".jpeg")) return "image/jpeg";
        if (n.endsWith(".webp")) return "image/webp";
        if (n.endsWith(".bmp")) return "image/bmp";
        if (n.endsWith(".gif")) return "image/gif";
        return "image/png";
    }

    /** "1.2 MB". */
    public static String humanBytes(long b) {
        if (b < 1024) return b + " B";
        if (b < 1024 * 1024) return String.format(Locale.ROOT, "%.0f KB", b / 1024.0);
        return String.format(Locale.ROOT, "%.1f MB", b / (1024.0 * 1024));
    }
}
