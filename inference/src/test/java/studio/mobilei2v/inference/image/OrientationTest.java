package studio.mobilei2v.inference.image;

import org.junit.jupiter.api.Test;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** EXIF orientations 1-8 (where the stored top-left pixel must end up) and the EXIF parser. */
class OrientationTest {
    private static final int TL = 0x110000, TR = 0x002200, BL = 0x000033, BR = 0x444444;

    private static BufferedImage corners() {
        BufferedImage img = new BufferedImage(3, 2, BufferedImage.TYPE_INT_RGB);
        img.setRGB(0, 0, TL);
        img.setRGB(2, 0, TR);
        img.setRGB(0, 1, BL);
        img.setRGB(2, 1, BR);
        return img;
    }

    /** Corners of the displayed image, clockwise from top-left. */
    private static int[] displayed(int orientation) {
        BufferedImage o = Orientation.apply(corners(), orientation);
        int w = o.getWidth();
        int h = o.getHeight();
        return new int[]{o.getRGB(0, 0) & 0xFFFFFF, o.getRGB(w - 1, 0) & 0xFFFFFF, o.getRGB(w - 1, h - 1) & 0xFFFFFF,
                o.getRGB(0, h - 1) & 0xFFFFFF};
    }

    @Test
    void allEightOrientations() {
        assertEquals(java.util.List.of(TL, TR, BR, BL), asList(displayed(1)));
        assertEquals(java.util.List.of(TR, TL, BL, BR), asList(displayed(2)));  // mirrored left-right
        assertEquals(java.util.List.of(BR, BL, TL, TR), asList(displayed(3)));  // rotated 180
        assertEquals(java.util.List.of(BL, BR, TR, TL), asList(displayed(4)));  // mirrored top-bottom
        assertEquals(java.util.List.of(TL, BL, BR, TR), asList(displayed(5)));  // transposed
        assertEquals(java.util.List.of(BL, TL, TR, BR), asList(displayed(6)));  // rotated 90 clockwise
        assertEquals(java.util.List.of(BR, TR, TL, BL), asList(displayed(7)));  // transversed
        assertEquals(java.util.List.of(TR, BR, BL, TL), asList(displayed(8)));  // rotated 90 counter-clockwise
        assertEquals(2, Orientation.apply(corners(), 6).getWidth());
    }

    private static java.util.List<Integer> asList(int[] a) {
        return java.util.Arrays.stream(a).boxed().toList();
    }

    /** SOI, APP0 JFIF, APP1 Exif (big-endian TIFF), then a fake SOS. */
    private static byte[] jpegWithMotorolaExif(int orientation, boolean asLong) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[]{(byte) 0xFF, (byte) 0xD8});
        out.writeBytes(new byte[]{(byte) 0xFF, (byte) 0xE0, 0, 16, 'J', 'F', 'I', 'F', 0, 1, 1, 0, 0, 1, 0, 1, 0, 0});
        byte[] tiff = {'M', 'M', 0, 42, 0, 0, 0, 8, 0, 2,
                0x01, 0x0F, 0, 2, 0, 0, 0, 4, 'A', 'C', 'M', 0,            // Make (ASCII) - skipped
                0x01, 0x12, 0, (byte) (asLong ? 4 : 3), 0, 0, 0, 1,
                (byte) (asLong ? 0 : 0), (byte) (asLong ? 0 : orientation), 0, (byte) (asLong ? orientation : 0),
                0, 0, 0, 0};
        int len = 2 + 6 + tiff.length;
        out.writeBytes(new byte[]{(byte) 0xFF, (byte) 0xE1, (byte) (len >> 8), (byte) len, 'E', 'x', 'i', 'f', 0, 0});
        out.writeBytes(tiff);
        out.writeBytes(new byte[]{(byte) 0xFF, (byte) 0xDA, 0, 2});
        return out.toByteArray();
    }

    @Test
    void exifParserReadsBigEndianAfterJfifAndLongValues() {
        assertEquals(8, Orientation.readJpeg(jpegWithMotorolaExif(8, false)));
        assertEquals(3, Orientation.readJpeg(jpegWithMotorolaExif(3, true)));
    }

    @Test
    void exifParserNeverThrows() {
        byte[] good = jpegWithMotorolaExif(6, false);
        for (int cut = 0; cut < good.length; cut++) {
            int o = Orientation.readJpeg(java.util.Arrays.copyOf(good, cut));
            assertEquals(true, o >= 1 && o <= 8);
        }
        assertEquals(1, Orientation.readJpeg(new byte[]{1, 2, 3}));
        assertEquals(1, Orientation.readJpeg(jpegWithMotorolaExif(9, false))); // 9 is not an orientation
    }
}
