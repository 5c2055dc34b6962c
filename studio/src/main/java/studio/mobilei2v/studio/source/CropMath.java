package studio.mobilei2v.studio.source;

import studio.mobilei2v.inference.CropRect;

/**
 * The crop rectangle on the source image, always with the model's aspect ratio and inside the
 * image. Pure arithmetic so it is tested without a screen. It starts from the centre crop of
 * {@link CropRect#centred}, the one the pipeline's fit "crop" uses.
 */
public final class CropMath {
    private CropMath() {
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
        return CropRect.centred(w, h, aw, ah);
    }

    private static int[] largest(int w, int h, int aw, int ah) {
        CropRect c = CropRect.centred(w, h, aw, ah);
        return new int[] {c.width(), c.height()};
    }

    private static int clamp(int v, int lo, int hi) {
        return Math.max(lo, Math.min(hi, v));
    }

    private static double clamp(double v, double lo, double hi) {
        return Math.max(lo, Math.min(hi, v));
    }
}
