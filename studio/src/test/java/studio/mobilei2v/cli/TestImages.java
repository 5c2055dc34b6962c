package studio.mobilei2v.cli;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;

import javax.imageio.ImageIO;

/** Image files, good and bad, for command-line tests. */
final class TestImages {

    private TestImages() {
    }

    static Path photo(Path file, int w, int h) throws IOException {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_3BYTE_BGR);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int r = 255 * x / w;
                int g = 255 * y / h;
                int b = ((x / 16 + y / 16) % 2) * 200;
                img.setRGB(x, y, r << 16 | g << 8 | b);
            }
        }
        String name = file.getFileName().toString();
        ImageIO.write(img, name.endsWith(".png") ? "png" : "jpeg", file.toFile());
        return file;
    }

    static Path truncatedJpeg(Path file) throws IOException {
        Path full = photo(file.resolveSibling("full-" + file.getFileName()), 640, 480);
        byte[] bytes = Files.readAllBytes(full);
        Files.delete(full);
        Files.write(file, java.util.Arrays.copyOf(bytes, bytes.length / 3));
        return file;
    }

    static Path notAnImage(Path file) throws IOException {
        Files.writeString(file, "this is a text file, not a picture\n");
        return file;
    }

    /**
     * A valid 30000x30000 1-bit grey PNG (all black). Small on disk (the rows compress to almost
     * nothing) but 900 megapixels: a decompression bomb that must be refused from its header.
     */
    static Path huge(Path file) throws IOException {
        int size = 30000;
        ByteArrayOutputStream idat = new ByteArrayOutputStream();
        try (DeflaterOutputStream z = new DeflaterOutputStream(idat, new Deflater(9))) {
            byte[] row = new byte[1 + (size + 7) / 8]; // filter byte 0 + packed bits
            for (int y = 0; y < size; y++) {
                z.write(row);
            }
        }
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        png.write(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'});
        ByteArrayOutputStream ihdr = new ByteArrayOutputStream();
        DataOutputStream d = new DataOutputStream(ihdr);
        d.writeInt(size);
        d.writeInt(size);
        d.writeByte(1); // bit depth
        d.writeByte(0); // greyscale
        d.writeByte(0);
        d.writeByte(0);
        d.writeByte(0);
        chunk(png, "IHDR", ihdr.toByteArray());
        chunk(png, "IDAT", idat.toByteArray());
        chunk(png, "IEND", new byte[0]);
        Files.write(file, png.toByteArray());
        return file;
    }

    private static void chunk(ByteArrayOutputStream out, String type, byte[] data) throws IOException {
        DataOutputStream d = new DataOutputStream(out);
        d.writeInt(data.length);
        byte[] t = type.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        d.write(t);
        d.write(data);
        CRC32 crc = new CRC32();
        crc.update(t);
        crc.update(data);
        d.writeInt((int) crc.getValue());
    }
}
