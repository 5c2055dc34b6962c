package studio.mobilei2v.inference.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import studio.mobilei2v.inference.Hex;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** A copy of the nano bundle whose named graphs keep their weights in {@code <graph>.data}, manifest updated. */
public final class ExternalDataNano {
    private static final ObjectMapper JSON = new ObjectMapper();

    private ExternalDataNano() {
    }

    /** Copies the nano bundle (skips / fails like {@link NanoBundle#require()}) into {@code target}. */
    public static Path write(Path target, String... graphs) throws IOException {
        Path source = NanoBundle.require();
        try (Stream<Path> files = Files.walk(source)) {
            for (Path p : files.toList()) {
                Path to = target.resolve(source.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(to);
                } else {
                    Files.copy(p, to);
                }
            }
        }
        ObjectNode manifest = (ObjectNode) JSON.readTree(target.resolve("manifest.json").toFile());
        ObjectNode listed = (ObjectNode) manifest.get("files");
        for (String graph : graphs) {
            Path data = ExternalDataGraphs.externalize(target.resolve(graph), 1024);
            list(listed, graph, target.resolve(graph));
            list(listed, graph + ".data", data);
        }
        writeManifest(target, manifest);
        return target;
    }

    /** Sets a file's entry in manifest "files" to the file as it is now. */
    public static void list(ObjectNode files, String rel, Path file) throws IOException {
        ObjectNode e = files.putObject(rel);
        e.put("sha256", Hex.sha256(file));
        e.put("bytes", Files.size(file));
    }

    public static ObjectNode manifest(Path bundle) throws IOException {
        return (ObjectNode) JSON.readTree(bundle.resolve("manifest.json").toFile());
    }

    public static void writeManifest(Path bundle, ObjectNode manifest) throws IOException {
        Files.write(bundle.resolve("manifest.json"), JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(manifest));
    }
}
