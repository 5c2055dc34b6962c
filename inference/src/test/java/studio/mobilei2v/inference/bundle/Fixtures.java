package studio.mobilei2v.inference.bundle;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A bundle's parity fixtures (fixtures/fixtures.json, docs/BUNDLE.md): PyTorch reference
 * inputs and outputs for each graph, and whole runs. Only the parity tests read them, so this
 * reader lives with the tests.
 */
public record Fixtures(List<GraphCase> graphs, List<RunCase> runs) {

    /** A raw little-endian C-order tensor file. */
    public record Tensor(Path file, String dtype, List<Long> shape) {
        public long count() {
            long n = 1;
            for (long d : shape) {
                n *= d;
            }
            return n;
        }

        private ByteBuffer bytes(int elementSize) throws BundleException {
            try {
                byte[] b = Files.readAllBytes(file);
                if (b.length != count() * elementSize) {
                    throw new BundleException(file.getFileName().toString(), null, "has " + b.length + " bytes, but "
                            + dtype + " " + shape + " needs " + count() * elementSize);
                }
                return ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
            } catch (IOException e) {
                throw new BundleException(file.getFileName().toString(), null, "cannot be read: " + e.getMessage(), e);
            }
        }

        public float[] floats() throws BundleException {
            if (!dtype.equals("float32")) {
                throw new BundleException(file.getFileName().toString(), null, "is " + dtype + ", not float32");
            }
            float[] out = new float[(int) count()];
            bytes(4).asFloatBuffer().get(out);
            return out;
        }

        public long[] longs() throws BundleException {
            if (!dtype.equals("int64")) {
                throw new BundleException(file.getFileName().toString(), null, "is " + dtype + ", not int64");
            }
            long[] out = new long[(int) count()];
            bytes(8).asLongBuffer().get(out);
            return out;
        }

        public byte[] uint8() throws BundleException {
            if (!dtype.equals("uint8")) {
                throw new BundleException(file.getFileName().toString(), null, "is " + dtype + ", not uint8");
            }
            ByteBuffer b = bytes(1);
            byte[] out = new byte[b.remaining()];
            b.get(out);
            return out;
        }
    }

    /** One graph called once on reference inputs. */
    public record GraphCase(String graph, String variant, Map<String, Tensor> inputs, Map<String, Tensor> outputs,
                            double atol, double rtol) {
    }

    /**
     * One whole run: image tensor (an RGB decoder's bundle) or the picture's 8-bit pixels at an
     * output size (a flow-warp bundle) + seeded noise -> final latents -> 8-bit frames.
     *
     * @param frameIds the output frames stored in {@code frames}, in order (all when the fixture
     *                 does not say)
     */
    public record RunCase(String name, String variant, String schedule, long seed, double motionScore, String camera,
                          Tensor image, Tensor noise, Tensor latents, double latentsAtol, Tensor frames,
                          int framesMaxAbsDiff, List<Integer> frameIds) {
    }

    /** Reads the bundle's fixtures; empty lists when the bundle has none. */
    public static Fixtures read(ModelBundle bundle) throws BundleException {
        if (bundle.fixturesFile().isEmpty()) {
            return new Fixtures(List.of(), List.of());
        }
        Path file = bundle.fixturesFile().get();
        String rel = bundle.manifest().fixturesOrNull();
        JsonFields f = new JsonFields(rel);
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(file.toFile());
        } catch (IOException e) {
            throw new BundleException(rel, null, "is not valid JSON: " + e.getMessage(), e);
        }
        Path dir = file.getParent();
        List<GraphCase> graphs = new ArrayList<>();
        JsonNode ga = root.has("graphs") ? f.array(root, "", "graphs") : null;
        for (int i = 0; ga != null && i < ga.size(); i++) {
            String p = "graphs[" + i + "]";
            JsonNode g = ga.get(i);
            graphs.add(new GraphCase(f.string(g, p, "graph"), g.has("variant") ? f.string(g, p, "variant") : Variant.DESKTOP,
                    tensors(f, dir, f.object(g, p, "inputs"), p + ".inputs"),
                    tensors(f, dir, f.object(g, p, "outputs"), p + ".outputs"),
                    f.number(g, p, "atol"), g.has("rtol") ? f.number(g, p, "rtol") : 0.0));
        }
        List<RunCase> runs = new ArrayList<>();
        JsonNode ra = root.has("runs") ? f.array(root, "", "runs") : null;
        for (int i = 0; ra != null && i < ra.size(); i++) {
            String p = "runs[" + i + "]";
            JsonNode r = ra.get(i);
            JsonNode latents = f.object(r, p, "latents");
            JsonNode frames = f.object(r, p, "frames");
            JsonNode seed = f.present(r, p, "seed");
            if (!seed.isIntegralNumber()) {
                throw f.error(p + ".seed", "must be an integer");
            }
            runs.add(new RunCase(f.string(r, p, "name"), r.has("variant") ? f.string(r, p, "variant") : Variant.DESKTOP,
                    f.string(r, p, "schedule"), seed.asLong(), f.number(r, p, "motion_score"),
                    f.optionalString(r, p, "camera"),
                    tensor(f, dir, f.object(r, p, "image"), p + ".image"),
                    tensor(f, dir, f.object(r, p, "noise"), p + ".noise"),
                    tensor(f, dir, latents, p + ".latents"), f.number(latents, p + ".latents", "atol"),
                    tensor(f, dir, frames, p + ".frames"), f.positiveInt(frames, p + ".frames", "max_abs_diff"),
                    frameIds(f, frames, p + ".frames", bundle.video().frames())));
        }
        return new Fixtures(graphs, runs);
    }

    private static List<Integer> frameIds(JsonFields f, JsonNode frames, String path, int count) throws BundleException {
        List<Integer> ids = new ArrayList<>();
        JsonNode a = frames.get("frame_ids");
        if (a == null || a.isNull()) {
            for (int i = 0; i < count; i++) {
                ids.add(i);
            }
            return ids;
        }
        for (int i = 0; i < a.size(); i++) {
            if (!a.get(i).isInt() || a.get(i).asInt() < 0 || a.get(i).asInt() >= count) {
                throw f.error(path + ".frame_ids[" + i + "]", "must be a frame index in [0, " + (count - 1) + "]");
            }
            ids.add(a.get(i).asInt());
        }
        return ids;
    }

    private static Map<String, Tensor> tensors(JsonFields f, Path dir, JsonNode obj, String path) throws BundleException {
        Map<String, Tensor> out = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : JsonFields.fields(obj)) {
            out.put(e.getKey(), tensor(f, dir, e.getValue(), path + "." + e.getKey()));
        }
        return out;
    }

    private static Tensor tensor(JsonFields f, Path dir, JsonNode t, String path) throws BundleException {
        if (!t.isObject()) {
            throw f.error(path, "must be an object {file, dtype, shape}");
        }
        String file = f.string(t, path, "file");
        Path p = dir.resolve(file).normalize();
        if (!p.startsWith(dir) || !Files.isRegularFile(p)) {
            throw f.error(path + ".file", "'" + file + "' does not exist next to the fixtures file");
        }
        return new Tensor(p, f.string(t, path, "dtype"), f.shape(t, path, "shape"));
    }
}
