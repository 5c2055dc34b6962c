package studio.mobilei2v.export;

import java.nio.file.Path;
import java.util.List;

/**
 * A completed export.
 *
 * @param file   the final file (or folder, for a PNG sequence)
 * @param codec  codec actually used (e.g. libopenh264), as FFmpeg names it
 * @param bytes  size on disk (sum of all files for a PNG sequence)
 * @param millis wall time from open to finish
 * @param notes  things the user should know (padding, scaling, GIF timing), one sentence each
 */
public record ExportResult(Path file, ExportFormat format, String codec, int width, int height, int frames,
                           long bytes, long millis, List<String> notes) {

    public ExportResult {
        notes = List.copyOf(notes);
    }
}
