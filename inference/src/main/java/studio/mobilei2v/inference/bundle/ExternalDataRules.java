package studio.mobilei2v.inference.bundle;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The rules of a graph's external data (weights stored beside the graph, docs/BUNDLE.md "files"):
 * every data file a variant's graph names is inside the bundle, listed in "files" and long enough
 * for every tensor the graph reads from it; every listed ".data" file is the external data of some
 * variant's graph. Run after {@link BundleFiles} has checked the listed files' sizes and hashes, so
 * that ONNX Runtime never meets a missing or short data file (its error would name neither).
 */
final class ExternalDataRules {
    static final String DATA_SUFFIX = ".data";

    private ExternalDataRules() {
    }

    /** Checks the rules; returns the data files (bundle-relative, sorted) of each graph that has any. */
    static Map<String, List<String>> verify(Path dir, Manifest manifest) throws BundleException {
        Map<String, List<String>> byGraph = new TreeMap<>();
        Set<String> graphs = new TreeSet<>();
        manifest.variants().values().forEach(v -> graphs.addAll(v.graphs().values()));
        Set<String> owned = new HashSet<>();
        for (String graph : graphs) {
            Path file = dir.resolve(graph).normalize();
            if (!file.startsWith(dir) || !Files.isRegularFile(file)) {
                continue; // BundleFiles and VariantRules name these
            }
            for (OnnxExternalData.Extent e : extents(file)) {
                String data = dataFile(dir, graph, e);
                owned.add(data);
                List<String> files = byGraph.computeIfAbsent(graph, g -> new ArrayList<>());
                if (!files.contains(data)) {
                    files.add(data);
                }
                FileEntry entry = manifest.files().get(data);
                if (entry == null) {
                    throw new BundleException(data, null, "is the external data of graph '" + graph + "' (tensor '"
                            + e.tensor() + "') but is not listed in " + Manifest.FILE_NAME + " field 'files'"
                            + (Files.isRegularFile(dir.resolve(data)) ? "" : ", and it is missing"));
                }
                if (e.offset() < 0 || e.length() < 0 || e.offset() + e.length() > entry.bytes()) {
                    throw new BundleException(data, null, "has " + entry.bytes() + " bytes but graph '" + graph
                            + "' reads tensor '" + e.tensor() + "' at bytes " + e.offset() + " to "
                            + (e.offset() + e.length()) + " (truncated data file, or a graph from another export)");
                }
            }
        }
        for (String listed : new TreeSet<>(manifest.files().keySet())) {
            if (listed.endsWith(DATA_SUFFIX) && !owned.contains(listed)) {
                throw BundleException.inManifest("files." + listed, "names a data file that no variant's graph reads "
                        + "(a '" + DATA_SUFFIX + "' file must be the external data of a graph)");
            }
        }
        byGraph.replaceAll((g, files) -> files.stream().sorted().toList());
        return Map.copyOf(byGraph);
    }

    /**
     * The external initializers of a graph file; none when it is not a protobuf at all: ONNX Runtime then
     * refuses it by name when its session is created ("is not a loadable ONNX graph").
     */
    private static List<OnnxExternalData.Extent> extents(Path file) {
        try {
            return OnnxExternalData.read(file);
        } catch (IOException e) {
            return List.of();
        }
    }

    /** The bundle-relative path of an extent's data file (beside the graph, as ONNX resolves it). */
    private static String dataFile(Path dir, String graph, OnnxExternalData.Extent e) throws BundleException {
        Path location = Path.of(e.location());
        Path resolved = dir.resolve(graph).getParent().resolve(location).normalize();
        if (location.isAbsolute() || !resolved.startsWith(dir)) {
            throw new BundleException(graph, null, "names external data '" + e.location() + "' (tensor '" + e.tensor()
                    + "') outside the bundle folder");
        }
        return dir.relativize(resolved).toString().replace('\\', '/');
    }
}
