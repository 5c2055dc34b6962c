package studio.mobilei2v.export;

import java.util.ArrayList;
import java.util.List;

/**
 * Reduces one frame to at most N colours for GIF (Heckbert's median cut). Colours are counted
 * on a 5-5-5 bit histogram (32768 cells), boxes are split at the pixel median along their longest
 * side, and each palette entry is the mean of the real 8-bit colours in its box, so flat areas
 * keep their exact colour. Each frame gets its own palette: frames stream, so a global palette
 * would need all frames first.
 */
final class MedianCutQuantiser {

    private static final int CELLS = 1 << 15;

    /** An indexed frame: palette as 0xRRGGBB, indices into it, one byte per pixel. */
    record Indexed(int[] palette, byte[] indices) {
    }

    private final int maxColours;

    MedianCutQuantiser(int maxColours) {
        if (maxColours < 2 || maxColours > 256) {
            throw new IllegalArgumentException("GIF palettes hold 2..256 colours, got " + maxColours);
        }
        this.maxColours = maxColours;
    }

    Indexed quantise(RgbFrame frame) {
        byte[] rgb = frame.rgb();
        int n = rgb.length / 3;
        int[] count = new int[CELLS];
        long[] sumR = new long[CELLS];
        long[] sumG = new long[CELLS];
        long[] sumB = new long[CELLS];
        int[] cellOf = new int[n];
        for (int i = 0, o = 0; i < n; i++, o += 3) {
            int r = rgb[o] & 0xFF;
            int g = rgb[o + 1] & 0xFF;
            int b = rgb[o + 2] & 0xFF;
            int c = (r >> 3) << 10 | (g >> 3) << 5 | (b >> 3);
            cellOf[i] = c;
            count[c]++;
            sumR[c] += r;
            sumG[c] += g;
            sumB[c] += b;
        }
        List<Box> boxes = new ArrayList<>();
        boxes.add(Box.around(count, 0, 31, 0, 31, 0, 31));
        while (boxes.size() < maxColours) {
            Box widest = null;
            long best = 0;
            for (Box b : boxes) {
                long score = b.splitScore();
                if (score > best) {
                    best = score;
                    widest = b;
                }
            }
            if (widest == null) {
                break; // every box holds a single cell: fewer colours than allowed
            }
            boxes.remove(widest);
            boxes.addAll(widest.split(count));
        }
        int[] palette = new int[boxes.size()];
        for (int p = 0; p < boxes.size(); p++) {
            palette[p] = boxes.get(p).meanColour(count, sumR, sumG, sumB);
        }
        // Each used cell maps to the nearest palette colour (nearest, not "its box": a box's mean
        // may sit nearer another box's cells after the split).
        int[] lookup = new int[CELLS];
        java.util.Arrays.fill(lookup, -1);
        byte[] indices = new byte[n];
        for (int i = 0; i < n; i++) {
            int c = cellOf[i];
            int idx = lookup[c];
            if (idx < 0) {
                idx = nearest(palette, (int) (sumR[c] / count[c]), (int) (sumG[c] / count[c]), (int) (sumB[c] / count[c]));
                lookup[c] = idx;
            }
            indices[i] = (byte) idx;
        }
        return new Indexed(palette, indices);
    }

    private static int nearest(int[] palette, int r, int g, int b) {
        int best = 0;
        int bestD = Integer.MAX_VALUE;
        for (int p = 0; p < palette.length; p++) {
            int dr = (palette[p] >> 16 & 0xFF) - r;
            int dg = (palette[p] >> 8 & 0xFF) - g;
            int db = (palette[p] & 0xFF) - b;
            // Weights roughly follow the eye's sensitivity (green most, blue least).
            int d = 3 * dr * dr + 4 * dg * dg + 2 * db * db;
            if (d < bestD) {
                bestD = d;
                best = p;
            }
        }
        return best;
    }

    /** A box of histogram cells, shrunk to the cells that are actually used. */
    private record Box(int r0, int r1, int g0, int g1, int b0, int b1, long pixels) {

        static Box around(int[] count, int r0, int r1, int g0, int g1, int b0, int b1) {
            int nr0 = 32, nr1 = -1, ng0 = 32, ng1 = -1, nb0 = 32, nb1 = -1;
            long pixels = 0;
            for (int r = r0; r <= r1; r++) {
                for (int g = g0; g <= g1; g++) {
                    int base = r << 10 | g << 5;
                    for (int b = b0; b <= b1; b++) {
                        int c = count[base | b];
                        if (c != 0) {
                            pixels += c;
                            nr0 = Math.min(nr0, r); nr1 = Math.max(nr1, r);
                            ng0 = Math.min(ng0, g); ng1 = Math.max(ng1, g);
                            nb0 = Math.min(nb0, b); nb1 = Math.max(nb1, b);
                        }
                    }
                }
            }
            if (pixels == 0) {
                return new Box(r0, r0, g0, g0, b0, b0, 0);
            }
            return new Box(nr0, nr1, ng0, ng1, nb0, nb1, pixels);
        }

        /** Larger for boxes that are both wide and busy; 0 when the box cannot be split. */
        long splitScore() {
            int longest = Math.max(r1 - r0, Math.max(g1 - g0, b1 - b0));
            return longest == 0 ? 0 : pixels * longest;
        }

        List<Box> split(int[] count) {
            int dr = r1 - r0, dg = g1 - g0, db = b1 - b0;
            int axis = dg >= dr && dg >= db ? 1 : dr >= db ? 0 : 2;
            int lo = axis == 0 ? r0 : axis == 1 ? g0 : b0;
            int hi = axis == 0 ? r1 : axis == 1 ? g1 : b1;
            long[] slab = new long[32];
            for (int r = r0; r <= r1; r++) {
                for (int g = g0; g <= g1; g++) {
                    for (int b = b0; b <= b1; b++) {
                        slab[axis == 0 ? r : axis == 1 ? g : b] += count[r << 10 | g << 5 | b];
                    }
                }
            }
            long half = pixels / 2;
            long acc = 0;
            int cut = lo;
            for (int v = lo; v < hi; v++) {
                acc += slab[v];
                cut = v;
                if (acc >= half) {
                    break;
                }
            }
            List<Box> two = new ArrayList<>(2);
            if (axis == 0) {
                two.add(around(count, r0, cut, g0, g1, b0, b1));
                two.add(around(count, cut + 1, r1, g0, g1, b0, b1));
            } else if (axis == 1) {
                two.add(around(count, r0, r1, g0, cut, b0, b1));
                two.add(around(count, r0, r1, cut + 1, g1, b0, b1));
            } else {
                two.add(around(count, r0, r1, g0, g1, b0, cut));
                two.add(around(count, r0, r1, g0, g1, cut + 1, b1));
            }
            two.removeIf(b -> b.pixels == 0);
            return two;
        }

        int meanColour(int[] count, long[] sumR, long[] sumG, long[] sumB) {
            long n = 0, r = 0, g = 0, b = 0;
            for (int x = r0; x <= r1; x++) {
                for (int y = g0; y <= g1; y++) {
                    for (int z = b0; z <= b1; z++) {
                        int c = x << 10 | y << 5 | z;
                        n += count[c];
                        r += sumR[c];
                        g += sumG[c];
                        b += sumB[c];
                    }
                }
            }
            if (n == 0) {
                return 0;
            }
            return (int) Math.round((double) r / n) << 16 | (int) Math.round((double) g / n) << 8
                    | (int) Math.round((double) b / n);
        }
    }
}
