package studio.mobilei2v.inference.bundle;

import studio.mobilei2v.inference.bundle.BundleJson.Omissible;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A bundle's parity fixtures (fixtures/fixtures.json, docs/BUNDLE.md): PyTorch reference
 * inputs and outputs for each graph, whole runs, and a tiled vae-chunk decoder's blended window.
 * Only the parity tests read them, so this reader lives with the tests.
 *
 * @param tiledOrNull a tiled decoder's window decoded tile by tile and blended by PyTorch; null
 *                    when the bundle has none
 */
public record Fixtures(List<GraphCase> graphs, List<RunCase> runs, TiledCase tiledOrNull) {

    /** One window of latents [1, C, window, h, w] -> its blended frames [1, 3, F, H, W] (model/mobilei2v/official/tiling.py). */
    public record TiledCase(Tensor latents, Tensor frames, double atol) {
    }

    /** A raw little-endian C-order tensor file. */
    public record Tensor(Path file, String dtype, List<Long> shape) {
        public long count() {
            long n = 1;
            for (long d : shape) {
                n *= d;
            }
            return n;
        }

        /** The file's bytes, refused unless the tensor is of {@code expected} dtype and the size matches. */
        private ByteBuffer bytes(String expected, int elementSize) throws BundleException {
            if (!dtype.equals(expected)) {
                throw new BundleException(file.getFileName().toString(), null, "is " + dtype + ", not " + expected);
            }
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
            float[] out = new float[(int) count()];
            bytes("float32", 4).asFloatBuffer().get(out);
            return out;
        }

        public long[] longs() throws BundleException {
            long[] out = new long[(int) count()];
            bytes("int64", 8).asLongBuffer().get(out);
            return out;
        }

        public byte[] uint8() throws BundleException {
            ByteBuffer b = bytes("uint8", 1);
            byte[] out = new byte[b.remaining()];
            b.get(out);
            return out;
        }
    }

    /** One graph called once on reference inputs. */
    public record GraphCase(GraphRole graph, String variant, Map<String, Tensor> inputs, Map<String, Tensor> outputs,
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

    /** fixtures.json as {@link BundleJson} binds it. */
    private record Json(@Omissible List<GraphJson> graphs, @Omissible List<RunJson> runs, @Omissible TiledJson tiled) {
    }

    private record TiledJson(TensorJson latents, TensorJson frames, double atol) {
    }

    private record GraphJson(GraphRole graph, @Omissible String variant, Map<String, TensorJson> inputs,
                             Map<String, TensorJson> outputs, double atol, @Omissible Double rtol) {
    }

    private record RunJson(String name, @Omissible String variant, String schedule, long seed, double motionScore,
                           @Omissible String camera, TensorJson image, TensorJson noise, LatentsJson latents,
                           FramesJson frames) {
    }

    private record TensorJson(String file, String dtype, List<Long> shape) {
    }

    private record LatentsJson(String file, String dtype, List<Long> shape, double atol) {
    }

    private record FramesJson(String file, String dtype, List<Long> shape, int maxAbsDiff,
                              @Omissible List<Integer> frameIds) {
    }

    /** Reads the bundle's fixtures; empty lists when the bundle has none. */
    public static Fixtures read(ModelBundle bundle) throws BundleException {
        if (bundle.fixturesFile().isEmpty()) {
            return new Fixtures(List.of(), List.of(), null);
        }
        Path file = bundle.fixturesFile().get();
        String rel = bundle.manifest().fixturesOrNull();
        Json json;
        try {
            json = BundleJson.read(Files.readAllBytes(file), rel, Json.class);
        } catch (IOException e) {
            throw new BundleException(rel, null, "cannot be read: " + e.getMessage(), e);
        }
        TensorFiles t = new TensorFiles(rel, file.getParent());
        List<GraphJson> gs = json.graphs() == null ? List.of() : json.graphs();
        List<GraphCase> graphs = new java.util.ArrayList<>();
        for (int i = 0; i < gs.size(); i++) {
            String p = "graphs[" + i + "]";
            GraphJson g = gs.get(i);
            graphs.add(new GraphCase(g.graph(), g.variant() == null ? Variant.DESKTOP : g.variant(),
                    t.all(g.inputs(), p + ".inputs"), t.all(g.outputs(), p + ".outputs"),
                    g.atol(), g.rtol() == null ? 0.0 : g.rtol()));
        }
        List<RunJson> rs = json.runs() == null ? List.of() : json.runs();
        List<RunCase> runs = new java.util.ArrayList<>();
        for (int i = 0; i < rs.size(); i++) {
            String p = "runs[" + i + "]";
            RunJson r = rs.get(i);
            FramesJson f = r.frames();
            runs.add(new RunCase(r.name(), r.variant() == null ? Variant.DESKTOP : r.variant(), r.schedule(), r.seed(),
                    r.motionScore(), r.camera(), t.tensor(r.image(), p + ".image"), t.tensor(r.noise(), p + ".noise"),
                    t.tensor(new TensorJson(r.latents().file(), r.latents().dtype(), r.latents().shape()), p + ".latents"),
                    r.latents().atol(), t.tensor(new TensorJson(f.file(), f.dtype(), f.shape()), p + ".frames"),
                    f.maxAbsDiff(), frameIds(rel, f.frameIds(), p + ".frames", bundle.video().frames())));
        }
        TiledJson tj = json.tiled();
        TiledCase tiled = tj == null ? null
                : new TiledCase(t.tensor(tj.latents(), "tiled.latents"), t.tensor(tj.frames(), "tiled.frames"), tj.atol());
        return new Fixtures(graphs, runs, tiled);
    }

    private static List<Integer> frameIds(String rel, List<Integer> ids, String path, int count) throws BundleException {
        if (ids == null) {
            return java.util.stream.IntStream.range(0, count).boxed().toList();
        }
        for (int i = 0; i < ids.size(); i++) {
            if (ids.get(i) < 0 || ids.get(i) >= count) {
                throw new BundleException(rel, path + ".frame_ids[" + i + "]", "must be a frame index in [0, " + (count - 1) + "]");
            }
        }
        return ids;
    }

    /** Tensor files next to the fixtures file. */
    private record TensorFiles(String rel, Path dir) {
        Map<String, Tensor> all(Map<String, TensorJson> tensors, String path) throws BundleException {
            Map<String, Tensor> out = new LinkedHashMap<>();
            for (Map.Entry<String, TensorJson> e : tensors.entrySet()) {
                out.put(e.getKey(), tensor(e.getValue(), path + "." + e.getKey()));
            }
            return out;
        }

        Tensor tensor(TensorJson t, String path) throws BundleException {
            Path p = dir.resolve(t.file()).normalize();
            if (!p.startsWith(dir) || !Files.isRegularFile(p)) {
                throw new BundleException(rel, path + ".file", "'" + t.file() + "' does not exist next to the fixtures file");
            }
            return new Tensor(p, t.dtype(), t.shape());
        }
    }
}
