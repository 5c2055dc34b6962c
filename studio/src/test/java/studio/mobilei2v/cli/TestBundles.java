package studio.mobilei2v.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import studio.mobilei2v.inference.testing.Requirements;
import studio.mobilei2v.inference.Hex;

/**
 * Model bundles for CLI tests. {@link #manifestOnly} writes a bundle whose manifest is complete
 * and valid but whose graph files are not ONNX: enough for every check the command makes before
 * a session is created (options against the manifest, the image, the output path), so those
 * tests run without the real model. {@link #real} is the bundled model, or a skip (a failure
 * under MOBILEI2V_CI=1) while it is absent.
 */
final class TestBundles {

    private TestBundles() {
    }

    static Path real() {
        Path dir;
        try {
            dir = ModelLocator.bundle(null);
        } catch (BadInputException e) {
            dir = null;
        }
        if (dir == null) {
            Requirements.missing("the bundled model (" + ModelLocator.DEFAULT_BUNDLE + ") is absent");
        }
        return dir;
    }

    static Path manifestOnly(Path dir) throws IOException {
        Files.createDirectories(dir.resolve("desktop"));
        Map<String, String> files = new LinkedHashMap<>();
        for (String role : new String[] {"encoder", "denoiser", "denoiser_teacher", "decoder"}) {
            String rel = "desktop/" + role + ".onnx";
            byte[] bytes = ("not an ONNX graph: " + role).getBytes(StandardCharsets.US_ASCII);
            Files.write(dir.resolve(rel), bytes);
            files.put(rel, "{\"sha256\": \"" + Hex.sha256(bytes) + "\", \"bytes\": " + bytes.length + "}");
        }
        StringBuilder fileJson = new StringBuilder();
        files.forEach((k, v) -> fileJson.append(fileJson.isEmpty() ? "" : ",").append('"').append(k).append("\":").append(v));
        String lat5 = "[1,4,3,1,2]";
        String manifest = """
                {
                  "format": "mobilei2v-bundle/1",
                  "name": "test-tiny", "version": "0.0.1", "license": "test", "provenance": "written by a unit test",
                  "video": {"width": 32, "height": 16, "frames": 17, "fps": 17},
                  "latent": {"channels": 4, "frames": 3, "height": 1, "width": 2, "spatial_ratio": 16, "temporal_ratio": 8, "scaling_factor": 1.0},
                  "image": {"range": [-1.0, 1.0], "layout": "NCHW", "channels": "RGB", "fit": "crop"},
                  "sampler": {"type": "rectified-flow-euler", "timestep_scale": 1000.0, "shift": 3.0, "default_schedule": "distilled-1",
                    "schedules": [
                      {"name": "distilled-1", "kind": "distilled", "steps": 1, "sigmas": [1.0, 0.0], "denoiser": "denoiser"},
                      {"name": "distilled-2", "kind": "distilled", "steps": 2, "sigmas": [1.0, 0.5, 0.0], "denoiser": "denoiser"}]},
                  "conditioning": {
                    "motion_score": {"min": 0.5, "max": 4.0, "default": 2.0, "unit": "test"},
                    "camera_motion": {"classes": ["still", "pan-left", "pan-right"], "default": "pan-left"},
                    "text": null},
                  "graphs": {
                    "encoder": {"inputs": [{"name": "image", "dtype": "float32", "shape": [1,3,16,32]}],
                                "outputs": [{"name": "latent", "dtype": "float32", "shape": [1,4,1,1,2]}]},
                    "denoiser": {"inputs": [{"name": "latents", "dtype": "float32", "shape": LAT5},
                                            {"name": "timestep", "dtype": "float32", "shape": [1,3]},
                                            {"name": "motion_score", "dtype": "float32", "shape": [1]},
                                            {"name": "camera", "dtype": "int64", "shape": [1]}],
                                 "outputs": [{"name": "velocity", "dtype": "float32", "shape": LAT5}]},
                    "denoiser_teacher": {"inputs": [{"name": "latents", "dtype": "float32", "shape": LAT5},
                                            {"name": "timestep", "dtype": "float32", "shape": [1,3]},
                                            {"name": "motion_score", "dtype": "float32", "shape": [1]},
                                            {"name": "camera", "dtype": "int64", "shape": [1]}],
                                 "outputs": [{"name": "velocity", "dtype": "float32", "shape": LAT5}]},
                    "decoder": {"inputs": [{"name": "latent_prev", "dtype": "float32", "shape": [1,4,1,2]},
                                           {"name": "latent_cur", "dtype": "float32", "shape": [1,4,1,2]},
                                           {"name": "phase", "dtype": "float32", "shape": [1]}],
                                "outputs": [{"name": "frame", "dtype": "float32", "shape": [1,3,16,32]}]}},
                  "variants": {"desktop": {"precision": "fp32", "optimisations": [], "graphs": {
                      "encoder": "desktop/encoder.onnx", "denoiser": "desktop/denoiser.onnx",
                      "denoiser_teacher": "desktop/denoiser_teacher.onnx", "decoder": "desktop/decoder.onnx"}}},
                  "flops": {"encoder": 1.0e6, "denoiser": 2.0e6, "denoiser_teacher": 2.0e6, "decoder": 3.0e6},
                  "files": {FILES}
                }
                """.replace("LAT5", lat5).replace("FILES", fileJson);
        Files.writeString(dir.resolve("manifest.json"), manifest, StandardCharsets.UTF_8);
        return dir;
    }

}
