package studio.mobilei2v.inference.bundle;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import studio.mobilei2v.inference.Hex;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * Writes the manifest of docs/BUNDLE.md's example (nano sizes) with placeholder graph files, so
 * manifest validation can be tested without ONNX graphs. A mutator edits the JSON tree first.
 */
final class SyntheticBundle {
    static final ObjectMapper JSON = new ObjectMapper();

    private SyntheticBundle() {
    }

    static ObjectNode manifest() throws IOException {
        String json = """
            {
              "format": "mobilei2v-bundle/1", "name": "mobilei2v-nano", "version": "0.1.0",
              "license": "test", "provenance": "synthetic test bundle",
              "video":  { "width": 256, "height": 144, "frames": 17, "fps": 17 },
              "latent": { "channels": 16, "frames": 3, "height": 9, "width": 16,
                          "spatial_ratio": 16, "temporal_ratio": 8, "scaling_factor": 1.0 },
              "image":  { "range": [-1.0, 1.0], "layout": "NCHW", "channels": "RGB", "fit": "crop" },
              "sampler": {
                "type": "rectified-flow-euler", "timestep_scale": 1000.0, "shift": 3.0,
                "default_schedule": "distilled-1",
                "schedules": [
                  { "name": "distilled-1", "kind": "distilled", "steps": 1, "sigmas": [1.0, 0.0], "denoiser": "denoiser" },
                  { "name": "distilled-2", "kind": "distilled", "steps": 2, "sigmas": [1.0, 0.5, 0.0], "denoiser": "denoiser" },
                  { "name": "teacher-4", "kind": "teacher", "steps": 4, "sigmas": [1.0, 0.9, 0.6, 0.1, 0.0], "denoiser": "denoiser_teacher" }
                ]
              },
              "conditioning": {
                "motion_score": { "min": 0.5, "max": 4.0, "default": 2.0, "unit": "mean optical flow, pixels per frame" },
                "camera_motion": { "classes": ["still","pan-left","pan-right","tilt-up","tilt-down","zoom-in","zoom-out"], "default": "pan-left" },
                "text": null
              },
              "graphs": {
                "encoder":  { "inputs":  [ {"name":"image", "dtype":"float32", "shape":[1,3,144,256]} ],
                              "outputs": [ {"name":"latent", "dtype":"float32", "shape":[1,16,1,9,16]} ] },
                "denoiser": { "inputs":  [ {"name":"latents", "dtype":"float32", "shape":[1,16,3,9,16]},
                                           {"name":"timestep", "dtype":"float32", "shape":[1,3]},
                                           {"name":"motion_score", "dtype":"float32", "shape":[1]},
                                           {"name":"camera", "dtype":"int64", "shape":[1]} ],
                              "outputs": [ {"name":"velocity", "dtype":"float32", "shape":[1,16,3,9,16]} ] },
                "denoiser_teacher": { "inputs":  [ {"name":"latents", "dtype":"float32", "shape":[1,16,3,9,16]},
                                           {"name":"timestep", "dtype":"float32", "shape":[1,3]},
                                           {"name":"motion_score", "dtype":"float32", "shape":[1]},
                                           {"name":"camera", "dtype":"int64", "shape":[1]} ],
                              "outputs": [ {"name":"velocity", "dtype":"float32", "shape":[1,16,3,9,16]} ] },
                "decoder":  { "inputs":  [ {"name":"latent_prev", "dtype":"float32", "shape":[1,16,9,16]},
                                           {"name":"latent_cur", "dtype":"float32", "shape":[1,16,9,16]},
                                           {"name":"phase", "dtype":"float32", "shape":[1]} ],
                              "outputs": [ {"name":"frame", "dtype":"float32", "shape":[1,3,144,256]} ] }
              },
              "variants": {
                "desktop": { "precision": "fp32", "graphs": { "encoder": "desktop/encoder.onnx", "denoiser": "desktop/denoiser.onnx",
                                                              "denoiser_teacher": "desktop/denoiser_teacher.onnx", "decoder": "desktop/decoder.onnx" } },
                "mobile":  { "precision": "fp16", "optimisations": ["head-tiled softmax"],
                             "graphs": { "encoder": "mobile/encoder.onnx", "denoiser": "mobile/denoiser.onnx", "decoder": "mobile/decoder.onnx" } }
              },
              "flops": { "encoder": 1.2e9, "denoiser": 3.4e9, "denoiser_teacher": 3.4e9, "decoder": 0.5e9 },
              "files": {}
            }
            """;
        return (ObjectNode) JSON.readTree(json);
    }

    /** Writes the bundle into {@code dir}; every graph file gets content and a correct hash unless mutated. */
    static Path write(Path dir, Consumer<ObjectNode> mutator) throws Exception {
        ObjectNode m = manifest();
        ObjectNode files = (ObjectNode) m.get("files");
        for (String variant : new String[]{"desktop", "mobile"}) {
            m.get("variants").get(variant).get("graphs").fields().forEachRemaining(e -> {
                try {
                    String rel = e.getValue().asText();
                    byte[] content = ("placeholder for " + rel).getBytes(StandardCharsets.UTF_8);
                    Path p = dir.resolve(rel);
                    Files.createDirectories(p.getParent());
                    Files.write(p, content);
                    ObjectNode entry = files.putObject(rel);
                    entry.put("sha256", Hex.sha256(content));
                    entry.put("bytes", content.length);
                } catch (Exception ex) {
                    throw new RuntimeException(ex);
                }
            });
        }
        mutator.accept(m);
        Files.write(dir.resolve("manifest.json"), JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(m));
        return dir;
    }

    static ObjectNode obj(ObjectNode root, String dotted) {
        ObjectNode n = root;
        for (String k : dotted.split("\\.")) {
            n = (ObjectNode) n.get(k);
        }
        return n;
    }

    static ArrayNode arr(ObjectNode root, String dotted, String key) {
        return (ArrayNode) obj(root, dotted).get(key);
    }
}
