package studio.mobilei2v.bridge.runner;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import studio.mobilei2v.inference.ModelImage;
import studio.mobilei2v.inference.bundle.ModelBundle;

import java.nio.file.Files;
import java.nio.file.Path;

/** The bundled default model (assets/models/mobilei2v-nano), or a skip (a failure under MOBILEI2V_CI=1). */
public final class TestBundle {
    private TestBundle() {
    }

    public static Path repo() {
        String env = System.getenv("MOBILEI2V_REPO");
        if (env != null && Files.isDirectory(Path.of(env, "assets"))) {
            return Path.of(env);
        }
        Path p = Path.of("").toAbsolutePath();
        while (p != null && !Files.isDirectory(p.resolve("assets"))) {
            p = p.getParent();
        }
        return p == null ? Path.of("..") : p;
    }

    public static ModelBundle nano() throws Exception {
        Path dir = repo().resolve("assets/models/mobilei2v-nano");
        if (!Files.isRegularFile(dir.resolve("manifest.json"))) {
            if ("1".equals(System.getenv("MOBILEI2V_CI"))) {
                Assertions.fail("MOBILEI2V_CI=1 and the bundled model is missing: " + dir);
            }
            Assumptions.abort("skipped: the bundled model is not exported yet: " + dir);
        }
        return ModelBundle.open(dir);
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

    /** Shared across tests so the ONNX Runtime repack is made once per build. */
    public static Path hostCache() {
        return Path.of("target", "test-host-cache").toAbsolutePath();
    }
}
