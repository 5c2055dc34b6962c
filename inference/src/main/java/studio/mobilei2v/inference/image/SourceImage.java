package studio.mobilei2v.inference.image;

import studio.mobilei2v.inference.CropRect;
import studio.mobilei2v.inference.FitMode;
import studio.mobilei2v.inference.Hex;
import studio.mobilei2v.inference.ModelImage;
import studio.mobilei2v.inference.bundle.VideoSpec;

import javax.imageio.IIOException;
import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;

/**
 * A decoded source picture: JPEG (RGB, grey, CMYK/YCCK), PNG (8/16-bit, alpha, palette, grey),
 * BMP, GIF (first frame) and WebP, through ImageIO with the TwelveMonkeys plugins. EXIF
 * orientation is applied, so {@link #width()}/{@link #height()} are as the picture is meant to be
 * seen. Transparent pixels are composited over black - the same black as the bars of
 * {@link FitMode#PAD} and the model's -1 - so cut-outs and padding look alike to the encoder.
 *
 * <p>Header sizes are checked against {@link ImageLimits} before any pixel is decoded
 * (decompression bombs), and truncated or corrupt files fail instead of decoding half grey.
 * Uses java.awt, so this class is desktop-only; a phone receives the fitted
 * {@link ModelImage} pixels instead.
 *
 * @param file            the file as given to {@link #load}
 * @param sha256          lowercase hex SHA-256 of the file's bytes, as read
 * @param format          ImageIO format name, lower case ("jpeg", "png", "bmp", "gif", "webp")
 * @param exifOrientation EXIF orientation tag (1..8) that was applied; 1 when absent
 * @param image           the decoded, oriented, opaque sRGB picture (TYPE_INT_RGB). Do not modify.
 * @param decodeMs        milliseconds to read, hash and decode the file
 */
public record SourceImage(Path file, String sha256, String format, int exifOrientation, BufferedImage image,
                          double decodeMs) {
    /** Files above this are refused before reading (no legitimate 50-megapixel image needs more). */
    public static final long MAX_FILE_BYTES = 512L * 1024 * 1024;

    static {
        // TwelveMonkeys' readers register through the context class loader; an application that
        // touched ImageIO before its plugins were visible (custom class loaders) would miss them
        ImageIO.scanForPlugins();
    }

    public SourceImage {
        if (image.getType() != BufferedImage.TYPE_INT_RGB) {
            throw new IllegalArgumentException("a source image is opaque TYPE_INT_RGB, not type " + image.getType());
        }
    }

    /** Loads with {@link ImageLimits#DEFAULT}. */
    public static SourceImage load(Path file) throws ImageInputException {
        return load(file, ImageLimits.DEFAULT);
    }

    /**
     * Reads, checks and decodes an image file.
     *
     * @throws ImageInputException naming the file: missing, a folder, unreadable, not an image,
     *                             over the limits (before decoding), truncated or corrupt
     */
    public static SourceImage load(Path file, ImageLimits limits) throws ImageInputException {
        long start = System.nanoTime();
        byte[] bytes = readBytes(file);
        String sha = Hex.sha256(bytes);
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(bytes))) {
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext()) {
                throw new ImageInputException(file, "is not an image in a supported format (JPEG, PNG, BMP, GIF, WebP)"
                        + (bytes.length == 0 ? "; the file is empty" : ""));
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, false);
                String format = reader.getFormatName().toLowerCase(Locale.ROOT);
                int w;
                int h;
                try {
                    w = reader.getWidth(0);
                    h = reader.getHeight(0);
                } catch (IOException | RuntimeException e) {
                    throw new ImageInputException(file, "is truncated or corrupt (" + format + " header cannot be read: "
                            + describe(e) + ")", e);
                }
                checkLimits(file, w, h, limits);
                List<String> warnings = new ArrayList<>();
                reader.addIIOReadWarningListener((source, warning) -> warnings.add(warning));
                BufferedImage decoded;
                try {
                    ImageReadParam param = reader.getDefaultReadParam();
                    decoded = reader.read(0, param);
                } catch (IOException | RuntimeException e) {
                    throw new ImageInputException(file, "is truncated or corrupt (" + format + " decoding failed: "
                            + describe(e) + ")", e);
                }
                for (String warning : warnings) {
                    String lw = warning.toLowerCase(Locale.ROOT);
                    if (lw.contains("premature") || lw.contains("truncat") || lw.contains("end of")
                            || lw.contains("corrupt")) {
                        throw new ImageInputException(file, "is truncated or corrupt (" + format + ": " + warning + ")");
                    }
                }
                int orientation = format.equals("jpeg") || format.equals("jpg") ? Orientation.readJpeg(bytes) : 1;
                BufferedImage rgb = Orientation.apply(Pixels.toOpaqueRgb(decoded), orientation);
                return new SourceImage(file, sha, format, orientation, rgb, (System.nanoTime() - start) / 1e6);
            } finally {
                reader.dispose();
            }
        } catch (IOException e) {
            throw new ImageInputException(file, "cannot be read: " + describe(e), e);
        }
    }

    private static byte[] readBytes(Path file) throws ImageInputException {
        if (Files.isDirectory(file)) {
            throw new ImageInputException(file, "is a folder, not an image file");
        }
        try {
            long size = Files.size(file);
            if (size > MAX_FILE_BYTES) {
                throw new ImageInputException(file, "is " + size + " bytes, more than the " + MAX_FILE_BYTES
                        + "-byte limit for source images");
            }
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new ImageInputException(file, "does not exist", e);
        } catch (AccessDeniedException e) {
            throw new ImageInputException(file, "cannot be read (permission denied)", e);
        } catch (IOException e) {
            throw new ImageInputException(file, "cannot be read: " + describe(e), e);
        }
    }

    private static void checkLimits(Path file, int w, int h, ImageLimits limits) throws ImageInputException {
        if (w <= 0 || h <= 0) {
            throw new ImageInputException(file, "declares an empty size " + w + "x" + h);
        }
        long pixels = (long) w * h;
        if (w > limits.maxSide() || h > limits.maxSide() || pixels > limits.maxPixels()) {
            throw new ImageInputException(file, String.format(Locale.ROOT,
                    "is %dx%d pixels (%.1f megapixels), over the limit of %d pixels a side and %.0f megapixels;"
                            + " refused before decoding (decompression-bomb guard)",
                    w, h, pixels / 1e6, limits.maxSide(), limits.maxPixels() / 1e6));
        }
    }

    private static String describe(Throwable e) {
        String m = e.getMessage();
        if (e instanceof EOFException || (e instanceof IIOException && m != null && m.toLowerCase(Locale.ROOT).contains("eof"))) {
            return "unexpected end of file";
        }
        return m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
    }

    /** Width as displayed (after EXIF orientation). */
    public int width() {
        return image.getWidth();
    }

    /** Height as displayed (after EXIF orientation). */
    public int height() {
        return image.getHeight();
    }

    /** The largest centred rectangle with the aspect ratio of {@code targetWidth x targetHeight}. */
    public CropRect defaultCrop(int targetWidth, int targetHeight) {
        return CropRect.centred(width(), height(), targetWidth, targetHeight);
    }

    /** Fits to the model's video size with the given mode and its default rectangle. */
    public ModelImage fit(VideoSpec video, FitMode mode) {
        return fit(video.width(), video.height(), mode, null);
    }

    /**
     * Fits to {@code width x height}. For CROP, {@code region} (null: {@link #defaultCrop}) is scaled
     * to fill the frame exactly; for PAD, {@code region} (null: the whole image) is scaled to fit
     * inside and centred on black bars. Downscaling averages the covered source area (no
     * aliasing), upscaling is bilinear; results are deterministic.
     *
     * @throws IllegalArgumentException when the region is not inside the image
     */
    public ModelImage fit(int width, int height, FitMode mode, CropRect region) {
        long start = System.nanoTime();
        CropRect r = region != null ? region
                : mode == FitMode.CROP ? defaultCrop(width, height) : new CropRect(0, 0, width(), height());
        if (!r.fitsIn(width(), height())) {
            throw new IllegalArgumentException("crop rectangle " + r + " is not inside the " + width() + "x" + height()
                    + " image " + file);
        }
        byte[] pixels = mode == FitMode.CROP ? Fitting.cropResize(image, r, width, height)
                : Fitting.pad(image, r, width, height);
        double ms = decodeMs + (System.nanoTime() - start) / 1e6;
        return new ModelImage(width, height, pixels, file.getFileName() == null ? null : file.getFileName().toString(),
                sha256, mode, r, ms);
    }
}
