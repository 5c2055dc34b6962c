package studio.mobilei2v.bridge.runner;

import studio.mobilei2v.inference.ModelImage;
import studio.mobilei2v.inference.VideoFrame;
import studio.mobilei2v.inference.bundle.ModelBundle;
import studio.mobilei2v.inference.testing.NanoBundle;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The bundled default model (assets/models/mobilei2v-nano, or a skip: a failure under MOBILEI2V_CI=1), its test picture, frame comparison. */
public final class TestBundle {
    private TestBundle() {
    }

    public static ModelBundle nano() throws Exception {
        return ModelBundle.open(NanoBundle.require());
    }

    /** A deterministic picture: gradients and a bright square, so frames are not flat. */
    public static ModelImage picture(ModelBundle b) {
        int w = b.video().width();
        int h = b.video().height();
        byte[] rgb = new byte[w * h * 3];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int i = (y * w + x) * 3;
                boolean square = x > w / 3 && x < w / 2 && y > h / 3 && y < 2 * h / 3;
                rgb[i] = (byte) (square ? 250 : x * 255 / w);
                rgb[i + 1] = (byte) (square ? 240 : y * 255 / h);
                rgb[i + 2] = (byte) ((x + y) % 256);
            }
        }
        return ModelImage.ofPixels(w, h, rgb);
    }

    /** The largest per-channel difference between two frame sequences of the same shape (0 = identical). */
    public static int maxDiff(List<VideoFrame> a, List<VideoFrame> b) {
        assertEquals(a.size(), b.size());
        int max = 0;
        for (int f = 0; f < a.size(); f++) {
            byte[] x = a.get(f).rgb();
            byte[] y = b.get(f).rgb();
            assertEquals(x.length, y.length);
            for (int i = 0; i < x.length; i++) {
                max = Math.max(max, Math.abs((x[i] & 0xff) - (y[i] & 0xff)));
            }
        }
        return max;
    }

    /** Shared across tests so the ONNX Runtime repack is made once per build. */
    public static Path hostCache() {
        return Path.of("target", "test-host-cache").toAbsolutePath();
    }
}
