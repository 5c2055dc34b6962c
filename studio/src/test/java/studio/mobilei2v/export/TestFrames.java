package studio.mobilei2v.export;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import javax.imageio.ImageIO;

/** Deterministic frames with gradients, texture and motion: content a codec has real work on. */
final class TestFrames {

    private TestFrames() {
    }

    static RgbFrame frame(int w, int h, int index) {
        byte[] rgb = new byte[w * h * 3];
        Random noise = new Random(1234 + index);
        double cx = w * (0.3 + 0.4 * index / 16.0);
        double cy = h * 0.5;
        double radius = Math.min(w, h) * 0.2;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int o = (y * w + x) * 3;
                double d = Math.hypot(x - cx, y - cy);
                int r = 40 + 180 * x / Math.max(1, w - 1);
                int g = 60 + 150 * y / Math.max(1, h - 1);
                int b = 120 + (int) (60 * Math.sin((x + index * 3) * 0.05));
                if (d < radius) {
                    r = 230;
                    g = 200 - (int) (d / radius * 80);
                    b = 40;
                }
                int n = noise.nextInt(7) - 3;
                rgb[o] = (byte) clamp(r + n);
                rgb[o + 1] = (byte) clamp(g + n);
                rgb[o + 2] = (byte) clamp(b + n);
            }
        }
        return new RgbFrame(w, h, rgb);
    }

    static List<RgbFrame> clip(int w, int h, int frames) {
        List<RgbFrame> list = new ArrayList<>();
        for (int i = 0; i < frames; i++) {
            list.add(frame(w, h, i));
        }
        return list;
    }

    static byte[] png(RgbFrame frame) {
        try (ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            ImageIO.write(studio.mobilei2v.export.image.RgbImages.toImage(frame), "png", out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static GenerationParameters parameters(long seed) {
        return new GenerationParameters("mobilei2v-nano", "0.1.0", "desktop", seed, "distilled-1", 1,
                List.of(1.0, 0.0), 2.0, "pan-left", "crop", "photo \u00e9t\u00e9.jpg",
                "ab".repeat(32), "this computer");
    }

    static ClipDescription description(int w, int h, int frames, long seed) {
        return new ClipDescription(parameters(seed), png(frame(w, h, 0)), "image/png", frames, w, h, 17);
    }

    /** Mean absolute difference per channel between two frames of the same size. */
    static double meanAbsDiff(RgbFrame a, RgbFrame b) {
        long sum = 0;
        byte[] x = a.rgb();
        byte[] y = b.rgb();
        for (int i = 0; i < x.length; i++) {
            sum += Math.abs((x[i] & 0xFF) - (y[i] & 0xFF));
        }
        return (double) sum / x.length;
    }

    private static int clamp(int v) {
        return Math.max(0, Math.min(255, v));
    }
}
