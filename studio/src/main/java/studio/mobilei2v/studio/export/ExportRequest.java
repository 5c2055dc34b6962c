package studio.mobilei2v.studio.export;

import studio.mobilei2v.export.ExportOptions;

import java.nio.file.Path;

/**
 * What the export dialog asks for.
 *
 * @param wholeTimeline all clips with frames, in timeline order, as one video; else the selected clip
 * @param embed         which source picture goes into the file (so a dropped-back file restores the
 *                      clip); the exporter always writes the generation parameters
 * @param overwrite     the user agreed to replace an existing file; without it an existing target is refused
 */
public record ExportRequest(Path target, ExportOptions options, boolean wholeTimeline, SourceEmbedding embed, boolean overwrite) {

    /** {@code embedSource}: the compact default copy, or none. Never replaces an existing file. */
    public ExportRequest(Path target, ExportOptions options, boolean wholeTimeline, boolean embedSource) {
        this(target, options, wholeTimeline, embedSource ? SourceEmbedding.COMPACT : SourceEmbedding.NONE, false);
    }

    public boolean embedSource() {
        return embed != SourceEmbedding.NONE;
    }

    public ExportRequest withTarget(Path t) { return new ExportRequest(t, options, wholeTimeline, embed, overwrite); }

    public ExportRequest withOverwrite(boolean o) { return new ExportRequest(target, options, wholeTimeline, embed, o); }
}
