package studio.mobilei2v.inference.image;

/**
 * Reads the EXIF orientation tag (0x0112) from a JPEG's APP1 "Exif" segment. A small parser
 * of our own: it only walks markers up to the first scan and IFD0, and never throws - a damaged
 * EXIF block means "no rotation", not a failed load.
 */
final class ExifOrientation {
    private ExifOrientation() {
    }

    /** Orientation 1..8, or 1 when absent or unreadable. */
    static int readJpeg(byte[] b) {
        try {
            if (b.length < 4 || (b[0] & 0xFF) != 0xFF || (b[1] & 0xFF) != 0xD8) {
                return 1;
            }
            int p = 2;
            while (p + 4 <= b.length) {
                if ((b[p] & 0xFF) != 0xFF) {
                    return 1;
                }
                int marker = b[p + 1] & 0xFF;
                if (marker == 0xFF) { // fill byte
                    p++;
                    continue;
                }
                if (marker == 0xDA || marker == 0xD9) { // start of scan / end of image: no EXIF before pixels
                    return 1;
                }
                int len = ((b[p + 2] & 0xFF) << 8) | (b[p + 3] & 0xFF);
                if (len < 2 || p + 2 + len > b.length) {
                    return 1;
                }
                if (marker == 0xE1 && len >= 8 && b[p + 4] == 'E' && b[p + 5] == 'x' && b[p + 6] == 'i'
                        && b[p + 7] == 'f' && b[p + 8] == 0 && b[p + 9] == 0) {
                    int o = tiffOrientation(b, p + 10, p + 2 + len);
                    if (o != 0) {
                        return o;
                    }
                }
                p += 2 + len;
            }
        } catch (RuntimeException ignored) {
            // malformed EXIF: treat as upright
        }
        return 1;
    }

    private static int tiffOrientation(byte[] b, int start, int end) {
        if (start + 8 > end) {
            return 0;
        }
        boolean little;
        if (b[start] == 'I' && b[start + 1] == 'I') {
            little = true;
        } else if (b[start] == 'M' && b[start + 1] == 'M') {
            little = false;
        } else {
            return 0;
        }
        if (u16(b, start + 2, little) != 42) {
            return 0;
        }
        long ifd = u32(b, start + 4, little);
        int ifdPos = (int) (start + ifd);
        if (ifd < 8 || ifdPos + 2 > end) {
            return 0;
        }
        int count = u16(b, ifdPos, little);
        for (int i = 0; i < count; i++) {
            int e = ifdPos + 2 + 12 * i;
            if (e + 12 > end) {
                return 0;
            }
            if (u16(b, e, little) == 0x0112) {
                int type = u16(b, e + 2, little);
                int value = type == 3 ? u16(b, e + 8, little) : type == 4 ? (int) u32(b, e + 8, little) : 0;
                return value >= 1 && value <= 8 ? value : 0;
            }
        }
        return 0;
    }

    private static int u16(byte[] b, int p, boolean little) {
        int a = b[p] & 0xFF;
        int c = b[p + 1] & 0xFF;
        return little ? a | c << 8 : a << 8 | c;
    }

    private static long u32(byte[] b, int p, boolean little) {
        long hi = u16(b, little ? p + 2 : p, little);
        long lo = u16(b, little ? p : p + 2, little);
        return hi << 16 | lo;
    }
}
