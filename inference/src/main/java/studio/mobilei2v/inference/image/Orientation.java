package studio.mobilei2v.inference.image;

import com.twelvemonkeys.imageio.metadata.Entry;
import com.twelvemonkeys.imageio.metadata.jpeg.JPEG;
import com.twelvemonkeys.imageio.metadata.jpeg.JPEGSegment;
import com.twelvemonkeys.imageio.metadata.jpeg.JPEGSegmentUtil;
import com.twelvemonkeys.imageio.metadata.tiff.TIFF;
import com.twelvemonkeys.imageio.metadata.tiff.TIFFReader;

import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * The EXIF orientation (1..8) of a JPEG, read with TwelveMonkeys' EXIF reader, and applied so
 * the picture is upright, as viewers show it.
 */
final class Orientation {
    private Orientation() {
    }

    /**
     * Orientation 1..8 from the JPEG's APP1 "Exif" segments (before the first scan), or 1 when
     * absent or unreadable: a damaged EXIF block means "no rotation", not a failed load.
     */
    static int readJpeg(byte[] jpeg) {
        try (ImageInputStream in = new MemoryCacheImageInputStream(new ByteArrayInputStream(jpeg))) {
            for (JPEGSegment segment : JPEGSegmentUtil.readSegments(in, JPEG.APP1, "Exif")) {
                try (InputStream data = segment.data()) {
                    if (data.read() < 0) { // the pad byte after "Exif\0"
                        continue;
                    }
                    Entry e = new TIFFReader().read(new MemoryCacheImageInputStream(data)).getEntryById(TIFF.TAG_ORIENTATION);
                    if (e != null && e.getValue() instanceof Number n && n.intValue() >= 1 && n.intValue() <= 8) {
                        return n.intValue();
                    }
                }
            }
        } catch (IOException | RuntimeException ignored) {
            // malformed JPEG markers or EXIF: treat as upright
        }
        return 1;
    }

    static BufferedImage apply(BufferedImage src, int orientation) {
        if (orientation <= 1 || orientation > 8) {
            return src;
        }
        int w = src.getWidth();
        int h = src.getHeight();
        boolean swap = orientation >= 5;
        int ow = swap ? h : w;
        int oh = swap ? w : h;
        int[] in = Fitting.region(src, new studio.mobilei2v.inference.CropRect(0, 0, w, h));
        BufferedImage dst = new BufferedImage(ow, oh, BufferedImage.TYPE_INT_RGB);
        int[] out = ((java.awt.image.DataBufferInt) dst.getRaster().getDataBuffer()).getData();
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int nx;
                int ny;
                switch (orientation) {
                    case 2 -> { nx = w - 1 - x; ny = y; }          // mirror horizontal
                    case 3 -> { nx = w - 1 - x; ny = h - 1 - y; }  // rotate 180
                    case 4 -> { nx = x; ny = h - 1 - y; }          // mirror vertical
                    case 5 -> { nx = y; ny = x; }                  // transpose
                    case 6 -> { nx = h - 1 - y; ny = x; }          // rotate 90 clockwise
                    case 7 -> { nx = h - 1 - y; ny = w - 1 - x; }  // transverse
                    default -> { nx = y; ny = w - 1 - x; }         // 8: rotate 90 counter-clockwise
                }
                out[ny * ow + nx] = in[y * w + x] & 0xFFFFFF;
            }
        }
        return dst;
    }
}
