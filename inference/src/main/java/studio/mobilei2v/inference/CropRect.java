package studio.mobilei2v.inference;

/**
 * A rectangle in source-image pixels (after EXIF orientation), the part of the picture that
 * becomes the video. For {@link FitMode#CROP} it has the model's aspect ratio; for
 * {@link FitMode#PAD} it is the region that is letter-boxed (the whole image by default).
 */
public record CropRect(int x, int y, int width, int height) {
    public CropRect {
        if (width <= 0 || height <= 0 || x < 0 || y < 0) {
            throw new IllegalArgumentException("crop rectangle must have x,y >= 0 and positive size, got "
                    + x + "," + y + " " + width + "x" + height);
        }
    }

    /**
     * The largest rectangle of aspect {@code aspectW:aspectH} centred in an image (what fit "crop"
     * does, and where the studio's crop starts): the one centre crop of the project. Aspect ratios
     * are compared in integers (no rounding); the side that is cut is rounded to the nearest pixel,
     * at least 1; an odd leftover pixel goes to the right or bottom.
     *
     * @throws IllegalArgumentException when a size is not positive
     */
    public static CropRect centred(int imageW, int imageH, int aspectW, int aspectH) {
        if (imageW <= 0 || imageH <= 0 || aspectW <= 0 || aspectH <= 0) {
            throw new IllegalArgumentException("centre crop needs positive sizes, got image " + imageW + "x" + imageH
                    + " and aspect " + aspectW + ":" + aspectH);
        }
        if ((long) imageW * aspectH > (long) imageH * aspectW) { // the image is wider: cut left and right
            int w = (int) Math.max(1, Math.min(imageW, Math.round((double) imageH * aspectW / aspectH)));
            return new CropRect((imageW - w) / 2, 0, w, imageH);
        }
        int h = (int) Math.max(1, Math.min(imageH, Math.round((double) imageW * aspectH / aspectW)));
        return new CropRect(0, (imageH - h) / 2, imageW, h);
    }

    /** True when this rectangle lies inside an image of the given size. */
    public boolean fitsIn(int imageWidth, int imageHeight) {
        return (long) x + width <= imageWidth && (long) y + height <= imageHeight;
    }
}
