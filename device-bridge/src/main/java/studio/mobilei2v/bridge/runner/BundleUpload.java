package studio.mobilei2v.bridge.runner;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import studio.mobilei2v.bridge.BridgeException;
import studio.mobilei2v.bridge.ContentStore;
import studio.mobilei2v.inference.Hex;
import studio.mobilei2v.inference.bundle.BundleException;
import studio.mobilei2v.inference.bundle.FileEntry;
import studio.mobilei2v.inference.bundle.Manifest;
import studio.mobilei2v.inference.bundle.ModelBundle;
import studio.mobilei2v.inference.bundle.Variant;
import studio.mobilei2v.inference.io.AtomicFiles;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * Puts a bundle on a device: every file as a content-addressed blob (see {@link ContentStore}),
 * then a folder {@code <work>/bundles/<manifest sha>/} of symbolic links that restores the
 * bundle's layout for the runner's loader. Only the variant the device runs is sent: the
 * manifest is reduced to that variant (no desktop graphs, no parity fixtures), and the reduced
 * manifest is validated on this computer by the same loader before anything is pushed. A graph's
 * external data file ({@code <graph>.onnx.data}, docs/BUNDLE.md "files") is sent with its graph and
 * linked beside it under its bundle-relative name, where ONNX Runtime looks for it.
 */
public final class BundleUpload {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private BundleUpload() {
    }

    /** Where the bundle lives on the device and what it took to put it there. */
    public record Result(String remoteDir, List<ContentStore.Pushed> pushes) {
    }

    public static Result upload(ContentStore store, ModelBundle bundle, String variant, Path hostCache,
                                Consumer<String> progress) throws BridgeException {
        Path manifest = reducedManifest(bundle, variant, hostCache);
        Map<String, Path> files = new TreeMap<>();
        try {
            JsonNode reduced = JSON.readTree(manifest.toFile());
            for (Iterator<String> it = reduced.get("files").fieldNames(); it.hasNext(); ) {
                String rel = it.next();
                files.put(checkRelative(rel), bundle.resolve(rel));
            }
        } catch (IOException e) {
            throw new BridgeException(manifest + ": cannot be read back: " + e.getMessage(), e);
        }
        List<ContentStore.Pushed> pushes = new ArrayList<>();
        Map<String, String> links = new TreeMap<>();
        String manifestSha;
        try {
            manifestSha = ContentStore.sha256(manifest);
        } catch (IOException e) {
            throw new BridgeException(manifest + ": " + e.getMessage(), e);
        }
        ContentStore.Pushed m = store.ensure(manifest, manifestSha, ".json");
        pushes.add(m);
        links.put(Manifest.FILE_NAME, m.remotePath());
        for (Map.Entry<String, Path> f : files.entrySet()) {
            FileEntry entry = bundle.manifest().files().get(f.getKey());
            progress.accept("sending " + f.getKey());
            String suffix = f.getKey().endsWith(".onnx") ? ".onnx" : "";
            ContentStore.Pushed p = store.ensure(f.getValue(), entry.sha256(), suffix);
            pushes.add(p);
            links.put(f.getKey(), p.remotePath());
        }
        String dir = store.workFolder() + "/bundles/" + manifestSha.substring(0, 32);
        store.linkFolder(dir, links, "the bundle");
        return new Result(dir, pushes);
    }

    /**
     * The manifest reduced to one variant, written under the host cache and validated there by
     * opening a view of links to the real files. Falls back to the full manifest when the reduced
     * one would not load (e.g. a future manifest rule needs the other variant).
     */
    static Path reducedManifest(ModelBundle bundle, String variantName, Path hostCache) throws BridgeException {
        try {
            Variant variant = bundle.variant(variantName);
            ObjectNode root = (ObjectNode) JSON.readTree(bundle.resolve(Manifest.FILE_NAME).toFile());
            ObjectNode variants = (ObjectNode) root.get("variants");
            variants.retain(variantName);
            Set<String> keep = new LinkedHashSet<>(variant.graphs().values());
            String fixtures = bundle.manifest().fixturesOrNull();
            String fixtureFolder = fixtures == null ? null : (fixtures.contains("/") ? fixtures.substring(0, fixtures.lastIndexOf('/') + 1) : fixtures);
            Set<String> otherGraphs = new LinkedHashSet<>();
            for (Variant v : bundle.manifest().variants().values()) {
                otherGraphs.addAll(v.graphs().values());
            }
            // a graph's external data (weights beside it) travels with its graph, under the same relative name
            for (String g : List.copyOf(otherGraphs)) {
                (keep.contains(g) ? keep : otherGraphs).addAll(bundle.externalData(g));
            }
            ObjectNode files = (ObjectNode) root.get("files");
            List<String> drop = new ArrayList<>();
            for (Iterator<String> it = files.fieldNames(); it.hasNext(); ) {
                String f = it.next();
                boolean otherVariant = otherGraphs.contains(f) && !keep.contains(f);
                boolean fixture = fixtureFolder != null && (f.equals(fixtures) || f.startsWith(fixtureFolder));
                if (otherVariant || fixture) {
                    drop.add(f);
                }
            }
            files.remove(drop);
            root.remove("fixtures");
            byte[] bytes = JSON.writeValueAsBytes(root);
            String sha = Hex.sha256(bytes);
            Path dir = hostCache.resolve("manifests");
            Files.createDirectories(dir);
            Path out = dir.resolve(sha.substring(0, 32) + ".json");
            if (!Files.exists(out)) {
                Path view = Files.createTempDirectory(dir, "view");
                try {
                    Files.write(view.resolve(Manifest.FILE_NAME), bytes);
                    for (Iterator<String> it = files.fieldNames(); it.hasNext(); ) {
                        String rel = checkRelative(it.next());
                        Path link = view.resolve(rel);
                        Files.createDirectories(link.getParent());
                        Files.createSymbolicLink(link, bundle.resolve(rel).toAbsolutePath());
                    }
                    ModelBundle.open(view); // the same rules the runner applies on the device
                } catch (BundleException e) {
                    return bundle.resolve(Manifest.FILE_NAME);
                } finally {
                    deleteTree(view);
                }
                AtomicFiles.write(out, bytes);
            }
            return out;
        } catch (BundleException e) {
            throw new BridgeException(e.getMessage(), e);
        } catch (IOException e) {
            throw new BridgeException("could not prepare the device manifest in " + hostCache + ": " + e.getMessage(), e);
        }
    }

    /** Bundle paths become device paths: nothing absolute, no "..", no empty parts. */
    static String checkRelative(String rel) throws BridgeException {
        if (rel.isEmpty() || rel.startsWith("/") || rel.contains("\\") || rel.contains("\0")) {
            throw new BridgeException("manifest.json: file '" + rel + "' is not a plain bundle-relative path");
        }
        for (String part : rel.split("/", -1)) {
            if (part.isEmpty() || part.equals("..") || part.equals(".")) {
                throw new BridgeException("manifest.json: file '" + rel + "' is not a plain bundle-relative path");
            }
        }
        return rel;
    }

    private static void deleteTree(Path p) {
        try (var s = Files.walk(p)) {
            s.sorted(java.util.Comparator.reverseOrder()).forEach(f -> {
                try {
                    Files.deleteIfExists(f);
                } catch (IOException ignored) {
                    // temp view: best effort
                }
            });
        } catch (IOException ignored) {
            // best effort
        }
    }
}
