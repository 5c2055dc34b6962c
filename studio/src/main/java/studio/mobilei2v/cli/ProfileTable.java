package studio.mobilei2v.cli;

import studio.mobilei2v.inference.local.OrtProfileSummary;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static studio.mobilei2v.cli.BenchFigures.round;

/** {@code bench --profile}: the operators taking most time in each graph's ONNX Runtime profile (top 8 printed, all in the JSON). */
final class ProfileTable {
    private ProfileTable() {
    }

    record Op(String op, int nodes, double totalMs, double share) {
    }

    @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
    record Graph(String file, Integer calls, Double kernelMs, List<Op> ops, String error) {
    }

    static Map<String, Graph> print(PrintWriter out, Map<String, Path> files) {
        Map<String, Graph> all = new LinkedHashMap<>();
        for (Map.Entry<String, Path> f : files.entrySet()) {
            try {
                OrtProfileSummary sum = OrtProfileSummary.read(f.getValue());
                out.printf(Locale.ROOT, "profile %s (%d calls, %.0f ms in kernels): %s%n", f.getKey(), sum.runs(),
                        sum.kernelMs(), f.getValue());
                List<Op> ops = new ArrayList<>();
                for (OrtProfileSummary.OpTime op : sum.ops()) {
                    ops.add(new Op(op.op(), op.nodes(), round(op.totalMs()), Math.round(op.share() * 1000) / 1000.0));
                    if (ops.size() <= 8) {
                        out.printf(Locale.ROOT, "  %-28s %4d nodes %10.1f ms %5.1f%%%n", op.op(), op.nodes(), op.totalMs(),
                                op.share() * 100);
                    }
                }
                all.put(f.getKey(), new Graph(f.getValue().toString(), sum.runs(), round(sum.kernelMs()), ops, null));
            } catch (IOException e) {
                all.put(f.getKey(), new Graph(null, null, null, null, e.getMessage()));
                out.println("profile " + f.getKey() + ": " + e.getMessage());
            }
        }
        return all;
    }
}
