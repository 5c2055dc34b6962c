package studio.mobilei2v.export;

import java.util.ArrayList;
import java.util.List;

/**
 * Reduces one frame to at most N colours for GIF. Colours are counted on a 5-5-5 bit histogram
 * (32768 cells); the box with the largest squared error is split next, along the channel with
 * the largest variance, where the two halves' squared error is smallest (a variance-based
 * median cut, after Heckbert and Wu); each palette entry is the mean of the real 8-bit colours in
 * its box, so flat areas keep their exact colour. Pixels are then mapped with Floyd-Steinberg
 * error diffusion (damped to 7/8 so flat areas stay calm) - without it, smooth gradients band.
 * Each frame gets its own palette: frames stream, so a global palette would need all frames.
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
        long[][] sumSq = {new long[CELLS], new long[CELLS], new long[CELLS]};
        for (int i = 0, o = 0; i < n; i++, o += 3) {
            int r = rgb[o] & 0xFF;
            int g = rgb[o + 1] & 0xFF;
            int b = rgb[o + 2] & 0xFF;
            int c = (r >> 3) << 10 | (g >> 3) << 5 | (b >> 3);
            count[c]++;
            sumR[c] += r;
            sumG[c] += g;
            sumB[c] += b;
            sumSq[0][c] += r * r;
            sumSq[1][c] += g * g;
            sumSq[2][c] += b * b;
        }
        Cells cells = new Cells(count, new long[][] {sumR, sumG, sumB}, sumSq);
        List<Box> boxes = new ArrayList<>();
        boxes.add(Box.around(cells, 0, 31, 0, 31, 0, 31));
        while (boxes.size() < maxColours) {
            Box worst = null;
            double best = 0;
            for (Box b : boxes) {
                double score = b.splitScore();
                if (score > best) {
                    best = score;
                    worst = b;
                }
            }
            if (worst == null) {
                break; // every box holds a single cell: fewer colours than allowed
            }
            boxes.remove(worst);
            boxes.addAll(worst.split(cells));
        }
        int[] palette = new int[boxes.size()];
        for (int p = 0; p < boxes.size(); p++) {
            palette[p] = boxes.get(p).meanColour(cells);
        }
        // A cell maps to the palette colour nearest to the mean of its pixels (or, for a cell that
        // only dithered values reach, its centre), found once per cell and cached.
        int[] lookup = new int[CELLS];
        java.util.Arrays.fill(lookup, -1);
        byte[] indices = new byte[n];
        int w = frame.width();
        int h = frame.height();
        int[] errCur = new int[(w + 2) * 3];
        int[] errNext = new int[(w + 2) * 3];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int i = y * w + x;
                int o = i * 3;
                int e = (x + 1) * 3;
                // Errors are kept in 1/16 units; 7/8 of them are passed on.
                int r = clamp((rgb[o] & 0xFF) + errCur[e] * 7 / 128);
                int g = clamp((rgb[o + 1] & 0xFF) + errCur[e + 1] * 7 / 128);
                int b = clamp((rgb[o + 2] & 0xFF) + errCur[e + 2] * 7 / 128);
                int c = (r >> 3) << 10 | (g >> 3) << 5 | (b >> 3);
                int idx = lookup[c];
                if (idx < 0) {
                    idx = count[c] > 0
                            ? nearest(palette, (int) (sumR[c] / count[c]), (int) (sumG[c] / count[c]), (int) (sumB[c] / count[c]))
                            : nearest(palette, (r & ~7) + 4, (g & ~7) + 4, (b & ~7) + 4);
                    lookup[c] = idx;
                }
                indices[i] = (byte) idx;
                int p = palette[idx];
                diffuse(errCur, errNext, e, r - (p >> 16 & 0xFF), 0);
                diffuse(errCur, errNext, e, g - (p >> 8 & 0xFF), 1);
                diffuse(errCur, errNext, e, b - (p & 0xFF), 2);
            }
            int[] t = errCur;
            errCur = errNext;
            errNext = t;
            java.util.Arrays.fill(errNext, 0);
        }
        return new Indexed(palette, indices);
    }

    /** Floyd-Steinberg weights 7, 3, 5, 1 (sixteenths) to the right and the row below. */
    private static void diffuse(int[] cur, int[] next, int e, int err, int ch) {
        cur[e + 3 + ch] += err * 7;
        next[e - 3 + ch] += err * 3;
        next[e + ch] += err * 5;
        next[e + 3 + ch] += err;
    }

    private static int clamp(int v) {
        return v < 0 ? 0 : v > 255 ? 255 : v;
    }

    /** Per-cell pixel count, channel sums and channel sums of squares. */
    private record Cells(int[] count, long[][] sum, long[][] sumSq) {
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

    /** A box of histogram cells, shrunk to the cells that are actually used, with its squared error. */
    private record Box(int r0, int r1, int g0, int g1, int b0, int b1, long pixels, double sse) {

        static Box around(Cells cells, int r0, int r1, int g0, int g1, int b0, int b1) {
            int nr0 = 32, nr1 = -1, ng0 = 32, ng1 = -1, nb0 = 32, nb1 = -1;
            long pixels = 0;
            double[] s = new double[3];
            double sq = 0;
            for (int r = r0; r <= r1; r++) {
                for (int g = g0; g <= g1; g++) {
                    int base = r << 10 | g << 5;
                    for (int b = b0; b <= b1; b++) {
                        int cell = base | b;
                        int c = cells.count()[cell];
                        if (c != 0) {
                            pixels += c;
                            for (int ch = 0; ch < 3; ch++) {
                                s[ch] += cells.sum()[ch][cell];
                                sq += cells.sumSq()[ch][cell];
                            }
                            nr0 = Math.min(nr0, r); nr1 = Math.max(nr1, r);
                            ng0 = Math.min(ng0, g); ng1 = Math.max(ng1, g);
                            nb0 = Math.min(nb0, b); nb1 = Math.max(nb1, b);
                        }
                    }
                }
            }
            if (pixels == 0) {
                return new Box(r0, r0, g0, g0, b0, b0, 0, 0);
            }
            double sse = sq - (s[0] * s[0] + s[1] * s[1] + s[2] * s[2]) / pixels;
            return new Box(nr0, nr1, ng0, ng1, nb0, nb1, pixels, Math.max(0, sse));
        }

        /** The box's squared error; 0 when it is a single cell and cannot be split. */
        double splitScore() {
            boolean single = r0 == r1 && g0 == g1 && b0 == b1;
            return single ? 0 : sse;
        }

        List<Box> split(Cells cells) {
            // Per channel, slab totals along that channel: count, sum and sum of squares.
            long[][] n = new long[3][32];
            double[][] sum = new double[3][32];
            double[][] sq = new double[3][32];
            for (int r = r0; r <= r1; r++) {
                for (int g = g0; g <= g1; g++) {
                    for (int b = b0; b <= b1; b++) {
                        int cell = r << 10 | g << 5 | b;
                        int c = cells.count()[cell];
                        if (c == 0) {
                            continue;
                        }
                        int[] pos = {r, g, b};
                        for (int ax = 0; ax < 3; ax++) {
                            n[ax][pos[ax]] += c;
                            sum[ax][pos[ax]] += cells.sum()[ax][cell];
                            sq[ax][pos[ax]] += cells.sumSq()[ax][cell];
                        }
                    }
                }
            }
            int[] lo = {r0, g0, b0};
            int[] hi = {r1, g1, b1};
            // The channel with the largest variance is cut where its two halves' error is least.
            int axis = -1;
            double bestVar = -1;
            for (int ax = 0; ax < 3; ax++) {
                if (lo[ax] == hi[ax]) {
                    continue;
                }
                double tn = 0, ts = 0, tq = 0;
                for (int v = lo[ax]; v <= hi[ax]; v++) {
                    tn += n[ax][v];
                    ts += sum[ax][v];
                    tq += sq[ax][v];
                }
                double var = tq - ts * ts / tn;
                if (var > bestVar) {
                    bestVar = var;
                    axis = ax;
                }
            }
            double totalN = 0, totalS = 0;
            for (int v = lo[axis]; v <= hi[axis]; v++) {
                totalN += n[axis][v];
                totalS += sum[axis][v];
            }
            double leftN = 0, leftS = 0;
            int cut = lo[axis];
            double bestScore = Double.NEGATIVE_INFINITY;
            for (int v = lo[axis]; v < hi[axis]; v++) {
                leftN += n[axis][v];
                leftS += sum[axis][v];
                double rightN = totalN - leftN;
                if (leftN == 0 || rightN == 0) {
                    continue;
                }
                double rightS = totalS - leftS;
                // Minimising the halves' squared error = maximising this (the sums of squares are fixed).
                double score = leftS * leftS / leftN + rightS * rightS / rightN;
                if (score > bestScore) {
                    bestScore = score;
                    cut = v;
                }
            }
            List<Box> two = new ArrayList<>(2);
            if (axis == 0) {
                two.add(around(cells, r0, cut, g0, g1, b0, b1));
                two.add(around(cells, cut + 1, r1, g0, g1, b0, b1));
            } else if (axis == 1) {
                two.add(around(cells, r0, r1, g0, cut, b0, b1));
                two.add(around(cells, r0, r1, cut + 1, g1, b0, b1));
            } else {
                two.add(around(cells, r0, r1, g0, g1, b0, cut));
                two.add(around(cells, r0, r1, g0, g1, cut + 1, b1));
            }
            two.removeIf(b -> b.pixels == 0);
            return two;
        }

        int meanColour(Cells cells) {
            long n = 0, r = 0, g = 0, b = 0;
            for (int x = r0; x <= r1; x++) {
                for (int y = g0; y <= g1; y++) {
                    for (int z = b0; z <= b1; z++) {
                        int c = x << 10 | y << 5 | z;
                        n += cells.count()[c];
                        r += cells.sum()[0][c];
                        g += cells.sum()[1][c];
                        b += cells.sum()[2][c];
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
