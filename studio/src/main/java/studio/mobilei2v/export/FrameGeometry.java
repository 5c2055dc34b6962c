package studio.mobilei2v.export;

import java.util.ArrayList;
import java.util.List;

/**
 * Where the frames' pixels land in the file: the frame size after the user's scale, then padding
 * (never stretching) up to what the codec accepts. yuv420p stores chroma at half resolution, so
 * H.264 and VP9 here need even width and height; an odd size gets one pixel of edge-repeated
 * padding on the right or bottom, and that is reported to the user and recorded in the metadata
 * so an import can crop it away again.
 */
public record FrameGeometry(int sourceWidth, int sourceHeight, int scaledWidth, int scaledHeight,
                            int padRight, int padBottom) {

    public static FrameGeometry of(int sourceWidth, int sourceHeight, double scale, ExportFormat format) {
        int w = Math.max(1, (int) Math.round(sourceWidth * scale));
        int h = Math.max(1, (int) Math.round(sourceHeight * scale));
        int padRight = format.needsEvenSize() && (w % 2 == 1) ? 1 : 0;
        int padBottom = format.needsEvenSize() && (h % 2 == 1) ? 1 : 0;
        return new FrameGeometry(sourceWidth, sourceHeight, w, h, padRight, padBottom);
    }

    public int outputWidth() {
        return scaledWidth + padRight;
    }

    public int outputHeight() {
        return scaledHeight + padBottom;
    }

    public boolean scaled() {
        return scaledWidth != sourceWidth || scaledHeight != sourceHeight;
    }

    public boolean padded() {
        return padRight + padBottom > 0;
    }

    /** Sentences for the user about what happened to the size (empty when nothing did). */
    public List<String> notes(ExportFormat format) {
        List<String> notes = new ArrayList<>();
        if (scaled()) {
            notes.add("frames scaled from " + sourceWidth + "x" + sourceHeight + " to " + scaledWidth + "x" + scaledHeight);
        }
        if (padded()) {
            notes.add(format.label() + " (yuv420p) needs an even width and height: " + scaledWidth + "x" + scaledHeight
                    + " padded to " + outputWidth() + "x" + outputHeight() + " by repeating the last "
                    + (padRight > 0 && padBottom > 0 ? "column and row" : padRight > 0 ? "column" : "row")
                    + " (not resized)");
        }
        return notes;
    }
}
