package studio.mobilei2v.inference.bundle;

import java.util.Locale;

/** A width x height in pixels (a video size the bundle offers, or a working size of its nets). */
public record FrameSize(int width, int height) {
    public FrameSize {
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("a frame size needs positive sides, got " + width + "x" + height);
        }
    }

    /**
     * Parses "1280x720" (also "1280X720").
     *
     * @throws IllegalArgumentException naming what is wrong
     */
    public static FrameSize parse(String text) {
        String t = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
        int x = t.indexOf('x');
        try {
            if (x > 0) {
                return new FrameSize(Integer.parseInt(t.substring(0, x)), Integer.parseInt(t.substring(x + 1)));
            }
        } catch (NumberFormatException e) {
            // fall through to the message below
        }
        throw new IllegalArgumentException("'" + text + "' is not a size like 1280x720");
    }

    public long pixels() {
        return (long) width * height;
    }

    @Override
    public String toString() {
        return width + "x" + height;
    }
}
