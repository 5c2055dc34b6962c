package studio.mobilei2v.inference.image;

/**
 * Decompression-bomb limits, checked from the file header before any pixel is decoded.
 *
 * @param maxPixels largest width*height accepted
 * @param maxSide   largest width or height accepted
 */
public record ImageLimits(long maxPixels, int maxSide) {
    /** 50 megapixels, 16384 pixels a side: any camera photo passes, a crafted bomb does not. */
    public static final ImageLimits DEFAULT = new ImageLimits(50_000_000L, 16384);

    public ImageLimits {
        if (maxPixels <= 0 || maxSide <= 0) {
            throw new IllegalArgumentException("image limits must be positive");
        }
    }
}
