package studio.mobilei2v.export;

import studio.mobilei2v.export.image.RgbImages;

/**
 * Brings a frame to the geometry of the file: letterbox (for timeline clips of another size),
 * then the user's scale, then the codec's padding. Each step is skipped when it is a no-op, so
 * the common case (model-size frames, scale 1, even size) costs no copy at all.
 */
final class FrameResizer {

    private final FrameGeometry geometry;

    FrameResizer(FrameGeometry geometry) {
        this.geometry = geometry;
    }

    RgbFrame apply(RgbFrame frame) {
        RgbFrame f = frame;
        if (f.width() != geometry.sourceWidth() || f.height() != geometry.sourceHeight()) {
            f = letterbox(f, geometry.sourceWidth(), geometry.sourceHeight());
        }
        if (geometry.scaled()) {
            f = scale(f, geometry.scaledWidth(), geometry.scaledHeight());
        }
        if (geometry.padded()) {
            f = pad(f, geometry.padRight(), geometry.padBottom());
        }
        return f;
    }

    /** Fits a frame inside w x h keeping its aspect ratio, centred on black (timeline of mixed sizes). */
    static RgbFrame letterbox(RgbFrame frame, int w, int h) {
        double s = Math.min((double) w / frame.width(), (double) h / frame.height());
        int fw = Math.max(1, (int) Math.round(frame.width() * s));
        int fh = Math.max(1, (int) Math.round(frame.height() * s));
        RgbFrame fitted = (fw == frame.width() && fh == frame.height()) ? frame : scale(frame, fw, fh);
        byte[] out = new byte[w * h * 3];
        int x0 = (w - fw) / 2;
        int y0 = (h - fh) / 2;
        for (int y = 0; y < fh; y++) {
            System.arraycopy(fitted.rgb(), y * fw * 3, out, ((y0 + y) * w + x0) * 3, fw * 3);
        }
        return new RgbFrame(w, h, out);
    }

    /** Resamples with bilinear filtering (large reductions by halves first, see {@link RgbImages#scale}). */
    static RgbFrame scale(RgbFrame frame, int w, int h) {
        return RgbImages.scale(frame, w, h);
    }

    /** Adds columns on the right and rows at the bottom that repeat the edge, so no dark seam appears. */
    static RgbFrame pad(RgbFrame frame, int right, int bottom) {
        int w = frame.width();
        int h = frame.height();
        int ow = w + right;
        int oh = h + bottom;
        byte[] src = frame.rgb();
        byte[] out = new byte[ow * oh * 3];
        for (int y = 0; y < oh; y++) {
            int sy = Math.min(y, h - 1);
            System.arraycopy(src, sy * w * 3, out, y * ow * 3, w * 3);
            for (int x = w; x < ow; x++) {
                System.arraycopy(src, (sy * w + w - 1) * 3, out, (y * ow + x) * 3, 3);
            }
        }
        return new RgbFrame(ow, oh, out);
    }
}
