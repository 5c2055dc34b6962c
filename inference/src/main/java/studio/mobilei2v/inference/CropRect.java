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

    /** True when this rectangle lies inside an image of the given size. */
    public boolean fitsIn(int imageWidth, int imageHeight) {
        return (long) x + width <= imageWidth && (long) y + height <= imageHeight;
    }
}
