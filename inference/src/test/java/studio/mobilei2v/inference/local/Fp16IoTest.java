package studio.mobilei2v.inference.local;

import ai.onnxruntime.platform.Fp16Conversions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import studio.mobilei2v.inference.GenerationRequest;
import studio.mobilei2v.inference.Hex;
import studio.mobilei2v.inference.ModelImage;
import studio.mobilei2v.inference.bundle.ModelBundle;
import studio.mobilei2v.inference.sampler.SeededNoise;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/**
 * A bundle whose graphs take and return float16 tensors (made by
 * src/test/resources/fp16-bundle/make_fp16_graphs.py): the pipeline's half-precision
 * conversions, through real ONNX Runtime sessions, against the same arithmetic done here.
 */
class Fp16IoTest {
    @TempDir
    Path dir;

    private static final int W = 32, H = 16, FRAMES = 9, C = 3, LF = 2, LH = 2, LW = 4;

    private ModelBundle writeBundle() throws Exception {
        StringBuilder files = new StringBuilder();
        Files.createDirectories(dir.resolve("desktop"));
        for (String g : new String[]{"encoder", "denoiser", "decoder"}) {
            byte[] bytes;
            try (InputStream in = getClass().getResourceAsStream("/fp16-bundle/" + g + ".onnx")) {
                assertNotNull(in, g + ".onnx test resource");
                bytes = in.readAllBytes();
            }
            Files.write(dir.resolve("desktop/" + g + ".onnx"), bytes);
            files.append(files.length() == 0 ? "" : ",").append("\"desktop/").append(g).append(".onnx\": {\"sha256\": \"")
                    .append(Hex.sha256(bytes)).append("\", \"bytes\": ").append(bytes.length).append("}");
        }
        String manifest = """
            { "format": "mobilei2v-bundle/1", "name": "fp16-io", "version": "1", "license": "test", "provenance": "Fp16IoTest",
              "video": {"width": 32, "height": 16, "frames": 9, "fps": 9},
              "latent": {"channels": 3, "frames": 2, "height": 2, "width": 4, "spatial_ratio": 8, "temporal_ratio": 8, "scaling_factor": 1.0},
              "image": {"range": [-1.0, 1.0], "layout": "NCHW", "channels": "RGB", "fit": "crop"},
              "sampler": {"type": "rectified-flow-euler", "timestep_scale": 1000.0, "shift": 3.0, "default_schedule": "distilled-1",
                "schedules": [{"name": "distilled-1", "kind": "distilled", "steps": 1, "sigmas": [1.0, 0.0], "denoiser": "denoiser"}]},
              "conditioning": {"motion_score": {"min": 0.0, "max": 4.0, "default": 2.0, "unit": "test"},
                               "camera_motion": {"classes": ["still", "pan"], "default": "still"}, "text": null},
              "graphs": {
                "encoder": {"inputs": [{"name": "image", "dtype": "float16", "shape": [1,3,16,32]}],
                            "outputs": [{"name": "latent", "dtype": "float16", "shape": [1,3,1,2,4]}]},
                "denoiser": {"inputs": [{"name": "latents", "dtype": "float16", "shape": [1,3,2,2,4]},
                                        {"name": "timestep", "dtype": "float16", "shape": [1,2]},
                                        {"name": "motion_score", "dtype": "float16", "shape": [1]},
                                        {"name": "camera", "dtype": "int64", "shape": [1]}],
                             "outputs": [{"name": "velocity", "dtype": "float16", "shape": [1,3,2,2,4]}]},
                "decoder": {"inputs": [{"name": "latent_prev", "dtype": "float16", "shape": [1,3,2,4]},
                                       {"name": "latent_cur", "dtype": "float16", "shape": [1,3,2,4]},
                                       {"name": "phase", "dtype": "float16", "shape": [1]}],
                            "outputs": [{"name": "frame", "dtype": "float16", "shape": [1,3,16,32]}]}},
              "variants": {"desktop": {"precision": "fp16", "graphs": {"encoder": "desktop/encoder.onnx",
                           "denoiser": "desktop/denoiser.onnx", "decoder": "desktop/decoder.onnx"}}},
              "flops": {"encoder": 1, "denoiser": 1, "decoder": 1},
              "files": { FILE_ENTRIES } }
            """.replace("FILE_ENTRIES", files.toString());
        Files.writeString(dir.resolve("manifest.json"), manifest, StandardCharsets.UTF_8);
        return ModelBundle.open(dir, ModelBundle.HashCheck.FULL);
    }

    private static float h(double v) {
        return Fp16Conversions.fp16ToFloat(Fp16Conversions.floatToFp16((float) v));
    }

    @Test
    void halfPrecisionGraphsRunThroughThePipeline() throws Exception {
        ModelBundle bundle = writeBundle();
        byte[] rgb = new byte[W * H * 3];
        for (int i = 0; i < rgb.length; i++) {
            rgb[i] = (byte) (i * 37);
        }
        long seed = 3;
        double motion = 1.5;
        List<byte[]> got = new ArrayList<>();
        try (LocalVideoGenerator g = LocalVideoGenerator.open(bundle, LocalOptions.defaults().withThreads(1)
                .withGraphCache(LocalOptions.GraphCache.NONE))) {
            LocalVideoGeneratorTest.Recorder r = new LocalVideoGeneratorTest.Recorder();
            g.generate(new GenerationRequest(ModelImage.ofPixels(W, H, rgb), seed, null, motion, "pan"), r, null);
            r.frames.forEach(f -> got.add(f.rgb()));
        }
        assertEquals(FRAMES, got.size());

        // the same arithmetic, rounding to half precision wherever a tensor crosses into or out of a graph
        float[] image = new float[3 * H * W];
        for (int p = 0; p < H * W; p++) {
            for (int c = 0; c < 3; c++) {
                image[c * H * W + p] = h((rgb[3 * p + c] & 0xFF) * (2.0f / 255f) - 1f);
            }
        }
        float[] z0 = new float[C * LH * LW];
        for (int c = 0; c < C; c++) {
            for (int y = 0; y < LH; y++) {
                for (int x = 0; x < LW; x++) {
                    double sum = 0;
                    for (int dy = 0; dy < 8; dy++) {
                        for (int dx = 0; dx < 8; dx++) {
                            sum += image[c * H * W + (y * 8 + dy) * W + x * 8 + dx];
                        }
                    }
                    z0[(c * LH + y) * LW + x] = h(sum / 64);
                }
            }
        }
        float[] xs = SeededNoise.generate(seed, C * LF * LH * LW);
        int hw = LH * LW;
        for (int c = 0; c < C; c++) {
            System.arraycopy(z0, c * hw, xs, c * LF * hw, hw);
        }
        float m = h(motion);
        for (int i = 0; i < xs.length; i++) {
            float v = h(0.5 * h(xs[i]) + 0.001f * m);
            xs[i] = xs[i] + (0f - 1f) * v;
        }
        for (int c = 0; c < C; c++) {
            System.arraycopy(z0, c * hw, xs, c * LF * hw, hw);
        }
        int worst = 0;
        for (int f = 0; f < FRAMES; f++) {
            int kp = f == 0 ? 0 : (f - 1) / 8;
            int kc = f == 0 ? 0 : (f - 1) / 8 + 1;
            float phase = f == 0 ? 0f : h(((f - 1) % 8 + 1) / 8.0);
            for (int c = 0; c < 3; c++) {
                for (int y = 0; y < H; y++) {
                    for (int x = 0; x < W; x++) {
                        int l = (c * LF) * hw + (y / 8) * LW + x / 8;
                        float a = h(xs[l + kp * hw]);
                        float b = h(xs[l + kc * hw]);
                        float y16 = h(a * (1 - phase) + b * phase);
                        int expected = (int) Math.rint(Math.max(0, Math.min(255, (y16 + 1f) * 127.5f)));
                        int actual = got.get(f)[(y * W + x) * 3 + c] & 0xFF;
                        worst = Math.max(worst, Math.abs(expected - actual));
                    }
                }
            }
        }
        assertTrue(worst <= 1, "8-bit frames differ from the half-precision reference by " + worst);
    }
}
