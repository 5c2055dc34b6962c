package studio.mobilei2v.inference.image;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import studio.mobilei2v.inference.CropRect;
import studio.mobilei2v.inference.FitMode;
import studio.mobilei2v.inference.ModelImage;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import java.awt.Transparency;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.IndexColorModel;
import java.awt.image.WritableRaster;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.*;

class SourceImageTest {
    @TempDir
    Path dir;

    private Path file(String name, byte[] bytes) throws Exception {
        Path p = dir.resolve(name);
        Files.write(p, bytes);
        return p;
    }

    /** {@code img} written as PNG file {@code name}, then loaded. */
    private SourceImage png(String name, BufferedImage img) throws Exception {
        return SourceImage.load(file(name, TestImages.write(img, "png")));
    }

    private static int rgb(SourceImage s, int x, int y) {
        return s.image().getRGB(x, y) & 0xFFFFFF;
    }

    /** Each of {@code xyRgb} is {x, y, 0xRRGGBB}: the colour the pixel at (x, y) must decode to. */
    private static void assertPixels(SourceImage s, int[]... xyRgb) {
        for (int[] p : xyRgb) {
            assertEquals(p[2], rgb(s, p[0], p[1]), () -> "pixel (" + p[0] + ", " + p[1] + ")");
        }
    }

    private static void assertColour(int expected, int actual, int tolerance) {
        for (int shift = 0; shift <= 16; shift += 8) {
            int e = (expected >> shift) & 0xFF;
            int a = (actual >> shift) & 0xFF;
            assertTrue(Math.abs(e - a) <= tolerance, String.format("expected %06x, got %06x", expected, actual));
        }
    }

    /** Left half red, right half blue, a green pixel top-left: orientation and colour both show. */
    private static BufferedImage marked(int w, int h, int type) {
        BufferedImage img = new BufferedImage(w, h, type);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                img.setRGB(x, y, x < w / 2 ? 0xFFFF0000 : 0xFF0000FF);
            }
        }
        return img;
    }

    @Test
    void png8BitRgbIsExact() throws Exception {
        BufferedImage img = marked(40, 20, BufferedImage.TYPE_INT_RGB);
        img.setRGB(0, 0, 0x123456);
        SourceImage s = png("a.png", img);
        assertEquals("png", s.format());
        assertEquals(40, s.width());
        assertEquals(20, s.height());
        assertEquals(0x123456, rgb(s, 0, 0));
        assertEquals(0xFF0000, rgb(s, 5, 5));
        assertEquals(0x0000FF, rgb(s, 35, 5));
        assertEquals(64, s.sha256().length());
    }

    @Test
    void png16BitRgbAndGrey() throws Exception {
        ComponentColorModel cm = new ComponentColorModel(ColorSpace.getInstance(ColorSpace.CS_sRGB), false, false,
                Transparency.OPAQUE, DataBuffer.TYPE_USHORT);
        WritableRaster r = cm.createCompatibleWritableRaster(8, 4);
        for (int y = 0; y < 4; y++) {
            for (int x = 0; x < 8; x++) {
                r.setPixel(x, y, new int[]{65535, 32896, 0}); // 32896/257 = 128
            }
        }
        SourceImage s = png("rgb16.png", new BufferedImage(cm, r, false, null));
        assertColour(0xFF8000, rgb(s, 3, 2), 1);

        BufferedImage grey16 = new BufferedImage(8, 4, BufferedImage.TYPE_USHORT_GRAY);
        for (int y = 0; y < 4; y++) {
            for (int x = 0; x < 8; x++) {
                grey16.getRaster().setSample(x, y, 0, 100 * 257);
            }
        }
        SourceImage g = png("grey16.png", grey16);
        // grey levels are kept as stored (gamma-encoded), not brightened by a linear-grey conversion
        assertEquals(0x646464, rgb(g, 1, 1));
    }

    @Test
    void png8BitGreyKeepsItsLevels() throws Exception {
        BufferedImage grey = new BufferedImage(4, 4, BufferedImage.TYPE_BYTE_GRAY);
        grey.getRaster().setSample(1, 1, 0, 128);
        grey.getRaster().setSample(2, 2, 0, 30);
        assertPixels(png("grey.png", grey), new int[]{1, 1, 0x808080}, new int[]{2, 2, 0x1E1E1E}, new int[]{0, 0, 0});
    }

    @Test
    void pngAlphaIsCompositedOverBlack() throws Exception {
        BufferedImage img = new BufferedImage(4, 4, BufferedImage.TYPE_INT_ARGB);
        img.setRGB(0, 0, 0x80FF0000);        // half-transparent red
        img.setRGB(1, 0, 0x00FFFFFF);        // fully transparent white
        img.setRGB(2, 0, 0xFF00FF00);        // opaque green
        assertPixels(png("alpha.png", img), new int[]{0, 0, 0x800000}, new int[]{1, 0, 0x000000}, new int[]{2, 0, 0x00FF00});
    }

    @Test
    void greyWithAlphaPng() throws Exception {
        ComponentColorModel cm = new ComponentColorModel(ColorSpace.getInstance(ColorSpace.CS_GRAY), true, false,
                Transparency.TRANSLUCENT, DataBuffer.TYPE_BYTE);
        WritableRaster r = cm.createCompatibleWritableRaster(4, 2);
        r.setPixel(0, 0, new int[]{200, 255});  // opaque light grey
        r.setPixel(1, 0, new int[]{200, 0});    // transparent
        r.setPixel(2, 0, new int[]{200, 128});  // half: 200 * 128/255 = 100.4
        assertPixels(png("ga.png", new BufferedImage(cm, r, false, null)),
                new int[]{0, 0, 0xC8C8C8}, new int[]{1, 0, 0x000000}, new int[]{2, 0, 0x646464});
    }

    @Test
    void truncatedGifHeader() throws Exception {
        BufferedImage img = marked(64, 64, BufferedImage.TYPE_INT_RGB);
        byte[] gif = TestImages.write(img, "gif");
        Path p = file("cut.gif", Arrays.copyOf(gif, 20));
        ImageInputException e = assertThrows(ImageInputException.class, () -> SourceImage.load(p));
        assertTrue(e.getMessage().startsWith(p + ": is truncated or corrupt"), e.getMessage());
    }

    @Test
    void palettePng() throws Exception {
        byte[] r = {0, (byte) 255, 10};
        byte[] g = {0, 0, 20};
        byte[] b = {0, 0, 30};
        BufferedImage img = new BufferedImage(6, 3, BufferedImage.TYPE_BYTE_INDEXED, new IndexColorModel(2, 3, r, g, b));
        img.getRaster().setSample(1, 1, 0, 1);
        img.getRaster().setSample(2, 1, 0, 2);
        assertPixels(png("palette.png", img), new int[]{1, 1, 0xFF0000}, new int[]{2, 1, 0x0A141E});
    }

    @Test
    void bmp() throws Exception {
        BufferedImage img = marked(10, 6, BufferedImage.TYPE_3BYTE_BGR);
        SourceImage s = SourceImage.load(file("a.bmp", TestImages.write(img, "bmp")));
        assertEquals("bmp", s.format());
        assertEquals(0xFF0000, rgb(s, 1, 1));
        assertEquals(0x0000FF, rgb(s, 8, 1));
    }

    @Test
    void gifTakesTheFirstFrame() throws Exception {
        BufferedImage red = new BufferedImage(8, 8, BufferedImage.TYPE_BYTE_INDEXED);
        BufferedImage blue = new BufferedImage(8, 8, BufferedImage.TYPE_BYTE_INDEXED);
        for (int y = 0; y < 8; y++) {
            for (int x = 0; x < 8; x++) {
                red.setRGB(x, y, 0xFFFF0000);
                blue.setRGB(x, y, 0xFF0000FF);
            }
        }
        ImageWriter w = ImageIO.getImageWritersByFormatName("gif").next();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ImageOutputStream ios = ImageIO.createImageOutputStream(out)) {
            w.setOutput(ios);
            w.prepareWriteSequence(null);
            w.writeToSequence(new IIOImage(red, null, w.getDefaultImageMetadata(ImageTypeSpecifier.createFromRenderedImage(red), null)), null);
            w.writeToSequence(new IIOImage(blue, null, w.getDefaultImageMetadata(ImageTypeSpecifier.createFromRenderedImage(blue), null)), null);
            w.endWriteSequence();
        } finally {
            w.dispose();
        }
        SourceImage s = SourceImage.load(file("anim.gif", out.toByteArray()));
        assertEquals("gif", s.format());
        assertColour(0xFF0000, rgb(s, 3, 3), 0);
    }

    @Test
    void jpegColoursSurvive() throws Exception {
        SourceImage s = SourceImage.load(file("a.jpg", TestImages.jpeg(marked(64, 32, BufferedImage.TYPE_INT_RGB), 0.95f)));
        assertEquals("jpeg", s.format());
        assertColour(0xFF0000, rgb(s, 8, 16), 12);
        assertColour(0x0000FF, rgb(s, 56, 16), 12);
    }

    @Test
    void exifOrientationSixRotatesClockwise() throws Exception {
        BufferedImage img = marked(64, 32, BufferedImage.TYPE_INT_RGB); // left red, right blue
        byte[] jpeg = TestImages.withExifOrientation(TestImages.jpeg(img, 0.95f), 6);
        SourceImage s = SourceImage.load(file("rot.jpg", jpeg));
        assertEquals(6, s.exifOrientation());
        assertEquals(32, s.width());
        assertEquals(64, s.height());
        // rotated 90 degrees clockwise: the left (red) half is now on top
        assertColour(0xFF0000, rgb(s, 16, 8), 12);
        assertColour(0x0000FF, rgb(s, 16, 56), 12);
    }

    @Test
    void exifOrientationThreeRotatesHalfATurn() throws Exception {
        byte[] jpeg = TestImages.withExifOrientation(TestImages.jpeg(marked(64, 32, BufferedImage.TYPE_INT_RGB), 0.95f), 3);
        SourceImage s = SourceImage.load(file("rot3.jpg", jpeg));
        assertEquals(64, s.width());
        assertColour(0x0000FF, rgb(s, 8, 16), 12);
        assertColour(0xFF0000, rgb(s, 56, 16), 12);
    }

    @Test
    void cmykJpegDecodesToRgb() throws Exception {
        // A CMYK JPEG as Photoshop writes it: an Adobe APP14 marker (transform 0 = no colour
        // transform) and inverted ink values. Left: C,M,Y,K = 0,100%,100%,0 (red); right:
        // 100%,100%,0,0 (blue-violet).
        WritableRaster r = java.awt.image.Raster.createInterleavedRaster(DataBuffer.TYPE_BYTE, 32, 16, 4, null);
        for (int y = 0; y < 16; y++) {
            for (int x = 0; x < 32; x++) {
                int[] ink = x < 16 ? new int[]{0, 255, 255, 0} : new int[]{255, 255, 0, 0};
                r.setPixel(x, y, new int[]{255 - ink[0], 255 - ink[1], 255 - ink[2], 255 - ink[3]});
            }
        }
        byte[] jpeg = TestImages.withAdobeMarker(TestImages.fourChannelJpeg(r));
        SourceImage s = SourceImage.load(file("cmyk.jpg", jpeg));
        assertEquals(32, s.width());
        int left = rgb(s, 4, 8);
        int right = rgb(s, 28, 8);
        // exact values depend on the CMYK profile; the hues may not
        assertTrue(((left >> 16) & 0xFF) > 180 && ((left >> 8) & 0xFF) < 80 && (left & 0xFF) < 80, String.format("left %06x", left));
        assertTrue((right & 0xFF) > 100 && ((right >> 8) & 0xFF) < 100 && (right & 0xFF) > ((right >> 16) & 0xFF),
                String.format("right %06x", right));
    }

    @Test
    void webpLossless() throws Exception {
        SourceImage s = SourceImage.load(file("solid.webp", TestImages.solidWebp(7, 5, 0xFF336699)));
        assertEquals("webp", s.format());
        assertEquals(7, s.width());
        assertEquals(5, s.height());
        assertEquals(0x336699, rgb(s, 6, 4));
    }

    @Test
    void missingFile() {
        Path p = dir.resolve("nope.jpg");
        ImageInputException e = assertThrows(ImageInputException.class, () -> SourceImage.load(p));
        assertEquals(p, e.file());
        assertEquals(p + ": does not exist", e.getMessage());
    }

    @Test
    void folderAndEmptyFile() throws Exception {
        ImageInputException e = assertThrows(ImageInputException.class, () -> SourceImage.load(dir));
        assertTrue(e.getMessage().contains("is a folder"), e.getMessage());
        Path empty = file("empty.png", new byte[0]);
        e = assertThrows(ImageInputException.class, () -> SourceImage.load(empty));
        assertTrue(e.getMessage().startsWith(empty.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("not an image"), e.getMessage());
    }

    @Test
    void notAnImage() throws Exception {
        Path p = file("notes.jpg", "these are my notes, not a picture\n".repeat(20).getBytes());
        ImageInputException e = assertThrows(ImageInputException.class, () -> SourceImage.load(p));
        assertTrue(e.getMessage().startsWith(p + ": is not an image"), e.getMessage());
    }

    @Test
    void truncatedJpeg() throws Exception {
        byte[] full = TestImages.jpeg(marked(256, 256, BufferedImage.TYPE_INT_RGB), 0.9f);
        Path p = file("cut.jpg", Arrays.copyOf(full, full.length / 2));
        ImageInputException e = assertThrows(ImageInputException.class, () -> SourceImage.load(p));
        assertTrue(e.getMessage().startsWith(p.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("truncated or corrupt"), e.getMessage());
    }

    @Test
    void truncatedPng() throws Exception {
        BufferedImage noisy = new BufferedImage(128, 128, BufferedImage.TYPE_INT_RGB);
        java.util.Random rnd = new java.util.Random(1);
        for (int y = 0; y < 128; y++) {
            for (int x = 0; x < 128; x++) {
                noisy.setRGB(x, y, rnd.nextInt());
            }
        }
        byte[] full = TestImages.write(noisy, "png");
        Path p = file("cut.png", Arrays.copyOf(full, full.length / 2));
        ImageInputException e = assertThrows(ImageInputException.class, () -> SourceImage.load(p));
        assertTrue(e.getMessage().contains("truncated or corrupt"), e.getMessage());
    }

    @Test
    void decompressionBombIsRefusedFromTheHeader() throws Exception {
        Path p = file("bomb.png", TestImages.pngHeaderOnly(30000, 30000));
        long before = Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory();
        ImageInputException e = assertThrows(ImageInputException.class, () -> SourceImage.load(p));
        assertTrue(e.getMessage().startsWith(p.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("30000x30000"), e.getMessage());
        assertTrue(e.getMessage().contains("16384"), e.getMessage());
        assertTrue(e.getMessage().contains("before decoding"), e.getMessage());
        // a decoded 30000x30000 image would need 3.6 GB; nothing close to that was allocated
        long after = Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory();
        assertTrue(after - before < 500_000_000L, "heap grew by " + (after - before));
    }

    @Test
    void pixelLimitIsConfigurable() throws Exception {
        Path p = file("small.png", TestImages.write(marked(100, 100, BufferedImage.TYPE_INT_RGB), "png"));
        ImageInputException e = assertThrows(ImageInputException.class,
                () -> SourceImage.load(p, new ImageLimits(5_000, 16384)));
        assertTrue(e.getMessage().contains("100x100"), e.getMessage());
        assertEquals(100, SourceImage.load(p, new ImageLimits(10_000, 100)).width());
    }

    @Test
    void centreCropKeepsTheModelAspect() throws Exception {
        SourceImage s = png("w.png", marked(400, 100, BufferedImage.TYPE_INT_RGB));
        CropRect c = s.defaultCrop(256, 144);
        assertEquals(new CropRect(111, 0, 178, 100), c); // 100*256/144 = 177.8 -> 178, centred
        SourceImage t = png("t.png", marked(100, 400, BufferedImage.TYPE_INT_RGB));
        assertEquals(new CropRect(0, 172, 100, 56), t.defaultCrop(256, 144));
    }

    @Test
    void fitCropAndPad() throws Exception {
        SourceImage s = png("m.png", marked(64, 64, BufferedImage.TYPE_INT_RGB));
        ModelImage crop = s.fit(32, 16, FitMode.CROP, null);
        assertEquals(32 * 16 * 3, crop.rgb().length);
        assertEquals(new CropRect(0, 16, 64, 32), crop.crop());
        assertEquals(FitMode.CROP, crop.fit());
        assertEquals(s.sha256(), crop.sourceSha256());
        assertEquals("m.png", crop.sourceName());
        assertEquals((byte) 255, crop.rgb()[0]);     // left is red
        assertEquals((byte) 255, crop.rgb()[31 * 3 + 2]); // right is blue

        ModelImage pad = s.fit(32, 16, FitMode.PAD, null);
        // 64x64 fits as 16x16 centred: columns 0..7 and 24..31 are black bars
        int row = 8 * 32 * 3;
        assertEquals(0, pad.rgb()[row] | pad.rgb()[row + 1] | pad.rgb()[row + 2]);
        assertEquals((byte) 255, pad.rgb()[row + 8 * 3]);    // first image column: red
        assertEquals(0, pad.rgb()[row + 31 * 3 + 2]);
    }

    @Test
    void callerCropRectangleIsUsedAndChecked() throws Exception {
        SourceImage s = png("m.png", marked(64, 64, BufferedImage.TYPE_INT_RGB));
        ModelImage right = s.fit(16, 8, FitMode.CROP, new CropRect(40, 0, 16, 8)); // inside the blue half
        for (int i = 0; i < right.rgb().length; i += 3) {
            assertEquals(0, right.rgb()[i]);
            assertEquals((byte) 255, right.rgb()[i + 2]);
        }
        assertThrows(IllegalArgumentException.class, () -> s.fit(16, 8, FitMode.CROP, new CropRect(60, 0, 16, 8)));
    }

    @Test
    void downscaleAveragesTheCoveredArea() throws Exception {
        BufferedImage checker = new BufferedImage(64, 64, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 64; y++) {
            for (int x = 0; x < 64; x++) {
                checker.setRGB(x, y, ((x + y) & 1) == 0 ? 0xFFFFFF : 0x000000);
            }
        }
        SourceImage s = png("c.png", checker);
        ModelImage m = s.fit(8, 8, FitMode.CROP, null);
        for (byte b : m.rgb()) {
            assertEquals(128, b & 0xFF, 1); // a fine checkerboard becomes mid grey, not moire
        }
    }
}
