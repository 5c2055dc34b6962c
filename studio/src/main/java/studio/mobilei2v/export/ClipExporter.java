package studio.mobilei2v.export;

import java.nio.file.Path;
import java.util.List;

/**
 * Opens a {@link FrameSink} for one clip or a whole timeline (several clips one after another in
 * one file). The frame size comes from the clip descriptions; the options decide the format,
 * fps, quality and scale. Typical use, with frames arriving from the pipeline:
 *
 * <pre>{@code
 * try (FrameSink sink = ClipExporter.open(out, options, List.of(description))) {
 *     ... sink.accept(frame) for each frame as it is decoded ...
 *     ExportResult result = sink.finish();
 * }
 * }</pre>
 */
public final class ClipExporter {

    private ClipExporter() {
    }

    /** A sink that encodes on the caller's thread. */
    public static FrameSink open(Path target, ExportOptions options, List<ClipDescription> clips) throws ExportException {
        ExportPlan plan = new ExportPlan(target.toAbsolutePath().normalize(), options, clips);
        ExportFormat format = options.format();
        if (format == ExportFormat.MP4_H264) {
            FfmpegEncoders.require(FfmpegVideoSink.H264_ENCODER, format, plan.target);
        } else if (format == ExportFormat.WEBM_VP9) {
            FfmpegEncoders.require(FfmpegVideoSink.VP9_ENCODER, format, plan.target);
        }
        AtomicOutput output = format == ExportFormat.PNG_SEQUENCE ? AtomicOutput.directory(plan.target)
                : AtomicOutput.file(plan.target);
        try {
            return switch (format) {
                case MP4_H264, WEBM_VP9 -> new FfmpegVideoSink(plan, output);
                case GIF -> new GifSink(plan, output);
                case PNG_SEQUENCE -> new PngSequenceSink(plan, output);
            };
        } catch (ExportException | RuntimeException e) {
            output.abort();
            throw e;
        }
    }

    /**
     * A sink that encodes on its own thread, so the pipeline can decode the next frame while this
     * one is encoded. The queue holds a few frames at most: a slow encoder slows the producer
     * down instead of filling memory.
     */
    public static FrameSink openBackground(Path target, ExportOptions options, List<ClipDescription> clips)
            throws ExportException {
        return new BackgroundFrameSink(open(target, options, clips), 4);
    }

    /** One clip of a timeline export: what it is and its frames, in order. */
    public record TimelineClip(ClipDescription description, Iterable<RgbFrame> frames) {
    }

    /** Exports several clips as one video, in the order given. */
    public static ExportResult exportTimeline(Path target, ExportOptions options, List<TimelineClip> clips)
            throws ExportException {
        List<ClipDescription> descriptions = clips.stream().map(TimelineClip::description).toList();
        try (FrameSink sink = open(target, options, descriptions)) {
            for (TimelineClip clip : clips) {
                int n = 0;
                for (RgbFrame frame : clip.frames()) {
                    sink.accept(frame);
                    n++;
                }
                if (n != clip.description().frames()) {
                    throw new ExportException(target.toAbsolutePath(), "a clip announced " + clip.description().frames()
                            + " frames but gave " + n + "; nothing written");
                }
            }
            return sink.finish();
        }
    }
}
