package studio.mobilei2v.inference.local;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import studio.mobilei2v.inference.bundle.BundleException;
import studio.mobilei2v.inference.bundle.DType;
import studio.mobilei2v.inference.bundle.GraphRole;
import studio.mobilei2v.inference.bundle.GraphSpec;
import studio.mobilei2v.inference.bundle.Manifest;
import studio.mobilei2v.inference.bundle.TensorSpec;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import static studio.mobilei2v.inference.io.Closeables.closeQuietly;

/**
 * One ONNX Runtime session for one graph role of one variant, checked against the manifest's
 * I/O contract when created, with its input and output tensors allocated once. Each
 * {@link #run} rewrites the input buffers in place and ONNX Runtime writes the output straight
 * into the pinned output buffer.
 */
final class GraphSession implements AutoCloseable {
    final GraphRole role;
    final String file;
    private final OrtSession session;
    private final Map<String, TensorSlot> inputs = new LinkedHashMap<>();
    private final TensorSlot output;
    private final Map<String, ai.onnxruntime.OnnxTensor> feed;
    private final Map<String, ai.onnxruntime.OnnxTensor> pinned;

    private GraphSession(GraphRole role, String file, OrtSession session, GraphSpec spec, OrtEnvironment env)
            throws OrtException {
        this.role = role;
        this.file = file;
        this.session = session;
        TensorSlot out = null;
        try {
            for (TensorSpec t : spec.inputs()) {
                inputs.put(t.name(), new TensorSlot(env, t));
            }
            out = new TensorSlot(env, spec.outputs().get(0));
        } catch (OrtException | RuntimeException e) {
            inputs.values().forEach(TensorSlot::close);
            throw e;
        }
        this.output = out;
        // the tensors never change (only their buffers' contents do), so the maps are built once
        Map<String, ai.onnxruntime.OnnxTensor> f = new LinkedHashMap<>();
        inputs.forEach((name, slot) -> f.put(name, slot.tensor));
        this.feed = Map.copyOf(f);
        this.pinned = Map.of(out.spec.name(), out.tensor);
    }

    /**
     * Creates the session and checks its inputs and outputs against {@code spec}.
     *
     * @param relFile bundle-relative file, for messages
     */
    static GraphSession open(OrtEnvironment env, OrtSession.SessionOptions options, Path file, String relFile,
                             GraphSpec spec) throws BundleException {
        OrtSession session;
        try {
            session = env.createSession(file.toString(), options);
        } catch (OrtException e) {
            throw new BundleException(relFile, null, "is not a loadable ONNX graph: " + e.getMessage(), e);
        }
        try {
            check(session.getInputInfo(), spec, relFile, "inputs", spec.inputs().size() == session.getNumInputs());
            check(session.getOutputInfo(), spec, relFile, "outputs", true);
            return new GraphSession(spec.role(), relFile, session, spec, env);
        } catch (BundleException e) {
            closeQuietly(session);
            throw e;
        } catch (OrtException | RuntimeException e) {
            closeQuietly(session);
            throw new BundleException(relFile, null, "cannot be prepared: " + e.getMessage(), e);
        }
    }

    private static void check(Map<String, NodeInfo> actual, GraphSpec spec, String relFile, String kind, boolean sameCount)
            throws BundleException {
        var declared = kind.equals("inputs") ? spec.inputs() : spec.outputs();
        for (int i = 0; i < declared.size(); i++) {
            TensorSpec t = declared.get(i);
            String field = Manifest.FILE_NAME + " graphs." + spec.role() + "." + kind + "[" + i + "]";
            NodeInfo info = actual.get(t.name());
            if (info == null) {
                throw new BundleException(relFile, field + ".name", "'" + t.name() + "' is not an " + kind.substring(0, kind.length() - 1)
                        + " of this graph (the graph has " + actual.keySet() + ")");
            }
            if (!(info.getInfo() instanceof TensorInfo ti)) {
                throw new BundleException(relFile, field, "'" + t.name() + "' is not a tensor in the graph");
            }
            if (ti.type != t.dtype().onnxType) {
                String dtype = DType.of(ti.type).map(DType::manifestName).orElse(ti.type.name().toLowerCase(java.util.Locale.ROOT));
                throw new BundleException(relFile, field + ".dtype", "'" + t.name() + "' is " + dtype
                        + " in the graph but " + t.dtype() + " in the manifest");
            }
            long[] shape = ti.getShape();
            long[] want = t.shapeArray();
            boolean ok = shape.length == want.length;
            for (int d = 0; ok && d < shape.length; d++) {
                ok = shape[d] < 0 || shape[d] == want[d]; // symbolic dims accept the manifest's size
            }
            if (!ok) {
                throw new BundleException(relFile, field + ".shape", "'" + t.name() + "' has shape "
                        + java.util.Arrays.toString(shape) + " in the graph but " + t.shape() + " in the manifest");
            }
        }
        if (kind.equals("inputs") && !sameCount) {
            for (String name : actual.keySet()) {
                if (spec.input(name).isEmpty()) {
                    throw new BundleException(relFile, Manifest.FILE_NAME + " graphs." + spec.role() + ".inputs",
                            "does not list the graph input '" + name + "'");
                }
            }
        }
    }

    TensorSlot input(String name) {
        TensorSlot s = inputs.get(name);
        if (s == null) {
            throw new IllegalStateException(role + " has no input " + name);
        }
        return s;
    }

    boolean hasInput(String name) {
        return inputs.containsKey(name);
    }

    TensorSlot output() {
        return output;
    }

    /** Runs the graph; the result is in {@link #output()}. */
    void run(OrtSession.RunOptions runOptions) throws OrtException {
        try (OrtSession.Result ignored = session.run(feed, Set.of(), pinned, runOptions)) {
            // the output was written into the pinned buffer; the result owns nothing else
        }
    }

    /**
     * Ends ONNX Runtime profiling (sessions created with profiling on) and returns the JSON file it
     * wrote; null when this session was not profiling or the profile could not be written.
     */
    String endProfiling() {
        try {
            String f = session.endProfiling();
            return f == null || f.isEmpty() ? null : f;
        } catch (OrtException e) {
            return null;
        }
    }

    @Override
    public void close() {
        inputs.values().forEach(TensorSlot::close);
        output.close();
        closeQuietly(session);
    }
}
