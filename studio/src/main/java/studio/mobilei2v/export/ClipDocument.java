package studio.mobilei2v.export;

import java.util.List;

/**
 * The JSON document embedded in every export ({@code mobilei2v-clip/1}): the video as written
 * and, per clip, its place in the video, its generation parameters and where its source image
 * is stored. A whole-timeline export has several clips, one after another.
 */
public record ClipDocument(String format, String generator, String created, Video video, List<Clip> clips) {

    public static final String FORMAT = "mobilei2v-clip/1";

    public ClipDocument {
        clips = clips == null ? List.of() : List.copyOf(clips);
    }

    /**
     * The video as written.
     *
     * @param width         width in the file (including padding)
     * @param height        height in the file (including padding)
     * @param contentWidth  width of the picture without padding
     * @param contentHeight height of the picture without padding
     * @param padRight      columns of edge padding on the right (yuv420p needs even sizes)
     * @param padBottom     rows of edge padding at the bottom
     * @param scale         the user's scale relative to the generated frames
     */
    public record Video(String container, String codec, int width, int height, int contentWidth, int contentHeight,
                        int padRight, int padBottom, double scale, double fps, int frames, int quality) {
    }

    /**
     * One clip of the video.
     *
     * @param startFrame first frame of this clip in the video
     * @param frames     frames of this clip
     * @param source     the embedded source image, or null when none was given
     */
    public record Clip(int startFrame, int frames, int width, int height, double fps,
                       GenerationParameters generation, Source source) {
    }

    /**
     * Where an embedded source image is and how to check it.
     *
     * @param location tag name (MP4/WebM/GIF) or file name beside the frames (PNG sequence)
     * @param sha256   SHA-256 of the embedded bytes (checked when read back)
     */
    public record Source(String mediaType, String location, long bytes, String sha256) {
    }
}
