package studio.mobilei2v.studio.source;

import studio.mobilei2v.inference.CropRect;

/**
 * The crop rectangle on the source image, always with the model's aspect ratio and inside the
 * image. Pure arithmetic so it is tested without a screen.
 */
public final class CropMath {
    private CropMath() {
    }

    /** The largest rectangle of aspect {@code aw:ah} centred in a {@code w x h} image (what "fit: crop" does). */
    public static CropRect centred(int w, int h, int aw, int ah) {
        int[] size = largest(w, h, aw, ah);
        return new CropRect((w - size[0]) / 2, (h - size[1]) / 2, size[0], size[1]);
    }

    /** Moves by (dx, dy) source pixels, clamped so it stays inside the image. */
    public static CropRect moved(CropRect c, double dx, double dy, int w, int h) {
        int x = clamp((int) Math.round(c.x() + dx), 0, w - c.width());
        int y = clamp((int) Math.round(c.y() + dy), 0, h - c.height());
        return new CropRect(x, y, c.width(), c.height());
    }

    /**
     * Scales around the rectangle's centre by {@code factor} (&lt;1 zooms in), keeping the aspect ratio,
     * never smaller than 1/8 of the largest crop nor larger than the image.
     */
    public static CropRect scaled(CropRect c, double factor, int w, int h, int aw, int ah) {
        int[] max = largest(w, h, aw, ah);
        double newW = clamp(c.width() * factor, Math.max(aw / (double) ah, max[0] / 8.0), max[0]);
        int nw = (int) Math.round(newW);
        int nh = Math.max(1, (int) Math.round(nw * (double) ah / aw));
        if (nh > h) { nh = h; nw = Math.max(1, (int) Math.round(nh * (double) aw / ah)); }
        nw = Math.min(nw, w);
        double cx = c.x() + c.width() / 2.0;
        double cy = c.y() + c.height() / 2.0;
        int x = clamp((int) Math.round(cx - nw / 2.0), 0, w - nw);
        int y = clamp((int) Math.round(cy - nh / 2.0), 0, h - nh);
        return new CropRect(x, y, nw, nh);
    }

    /** Keeps a crop that still fits (e.g. after switching to a bundle of the same aspect), else centres. */
    public static CropRect adapt(CropRect c, int w, int h, int aw, int ah) {
        if (c != null && c.fitsIn(w, h) && Math.abs(c.width() * (double) ah - c.height() * (double) aw) <= Math.max(aw, ah)) {
            return c;
        }
        return centred(w, h, aw, ah);
    }

    private static int[] largest(int w, int h, int aw, int ah) {
        // compare w/h with aw/ah without rounding: w*ah vs h*aw
        if ((long) w * ah >= (long) h * aw) {
            int cw = Math.max(1, (int) Math.min(w, Math.round(h * (double) aw / ah)));
            return new int[] {cw, h};
        }
        int ch = Math.max(1, (int) Math.min(h, Math.round(w * (double) ah / aw)));
        return new int[] {w, ch};
    }

    private static int clamp(int v, int lo, int hi) {
        return Math.max(lo, Math.min(hi, v));
    }

    private static double clamp(double v, double lo, double hi) {
        return Math.max(lo, Math.min(hi, v));
    }
}
