package studio.mobilei2v.inference.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Where a graph's time goes, per operator type, from the JSON profile ONNX Runtime writes when a
 * session profiles (Chrome trace events: one {@code <node>_kernel_time} event per node per run,
 * with the operator in {@code args.op_name}, and one {@code model_run} event per run).
 *
 * @param file      the profile read
 * @param runs      graph calls in it
 * @param kernelMs  all kernels' time, summed over every call
 * @param ops       operator types, most time first
 */
public record OrtProfileSummary(Path file, int runs, double kernelMs, List<OpTime> ops) {

    /**
     * @param op      operator type (MatMul, FusedMatMul, Softmax, ...)
     * @param nodes   distinct nodes of that type that ran
     * @param totalMs time summed over every call
     * @param share   of all kernel time, 0..1
     */
    public record OpTime(String op, int nodes, double totalMs, double share) {
    }

    public static OrtProfileSummary read(Path file) throws IOException {
        JsonNode root = new ObjectMapper().readTree(file.toFile());
        if (root == null || !root.isArray()) {
            throw new IOException(file + ": not an ONNX Runtime profile (expected a JSON array of trace events)");
        }
        Map<String, double[]> us = new HashMap<>();
        Map<String, Set<String>> nodes = new HashMap<>();
        int runs = 0;
        double total = 0;
        for (JsonNode e : root) {
            String name = e.path("name").asText("");
            if ("Session".equals(e.path("cat").asText()) && "model_run".equals(name)) {
                runs++;
                continue;
            }
            if (!"Node".equals(e.path("cat").asText()) || !name.endsWith("_kernel_time")) {
                continue;
            }
            String op = e.path("args").path("op_name").asText("?");
            double dur = e.path("dur").asDouble(0);
            us.computeIfAbsent(op, k -> new double[1])[0] += dur;
            nodes.computeIfAbsent(op, k -> new HashSet<>()).add(name);
            total += dur;
        }
        List<OpTime> ops = new ArrayList<>();
        for (Map.Entry<String, double[]> en : us.entrySet()) {
            double ms = en.getValue()[0] / 1000.0;
            ops.add(new OpTime(en.getKey(), nodes.get(en.getKey()).size(), ms, total > 0 ? en.getValue()[0] / total : 0));
        }
        ops.sort(Comparator.comparingDouble(OpTime::totalMs).reversed());
        return new OrtProfileSummary(file, runs, total / 1000.0, List.copyOf(ops));
    }
}
