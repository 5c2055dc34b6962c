package studio.mobilei2v.studio.export;

import studio.mobilei2v.export.ExportOptions;

import java.nio.file.Path;

/**
 * What the export dialog asks for.
 *
 * @param wholeTimeline all clips with frames, in timeline order, as one video; else the selected clip
 * @param embedSource   embed the source image (so a dropped-back file restores it); the exporter
 *                      always writes the generation parameters
 */
public record ExportRequest(Path target, ExportOptions options, boolean wholeTimeline, boolean embedSource) {
}
