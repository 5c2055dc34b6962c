package studio.mobilei2v.inference.bundle;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A model bundle folder, opened and fully validated (docs/BUNDLE.md): every manifest field and
 * its type, the sampler schedules, the cross-field rules, and the size and SHA-256 of every
 * listed file (files verified before and untouched since are not re-hashed, see {@link HashCheck}). Graph I/O is checked against the ONNX sessions when a generator creates them.
 * Holds no native resources; cheap to keep.
 */
public final class ModelBundle {
    private final Path dir;
    private final Manifest manifest;
    private final java.util.Map<String, java.util.List<String>> externalData;

    private ModelBundle(Path dir, Manifest manifest, java.util.Map<String, java.util.List<String>> externalData) {
        this.dir = dir;
        this.manifest = manifest;
        this.externalData = externalData;
    }

    /** How file hashes are checked on open. */
    public enum HashCheck {
        /** Hash every file now. */
        FULL,
        /**
         * Hash files not verified before; skip files whose path, size, modification time and
         * inode are unchanged since they were (stamps in ~/.cache/mobilei2v/verified-files.txt).
         */
        CACHED
    }

    /**
     * Opens and validates the bundle in {@code dir} ({@link HashCheck#CACHED}).
     *
     * @throws BundleException naming the bundle-relative file and the JSON field at fault
     */
    public static ModelBundle open(Path dir) throws BundleException {
        return open(dir, HashCheck.CACHED);
    }

    /**
     * Opens and validates the bundle in {@code dir}.
     *
     * @throws BundleException naming the bundle-relative file and the JSON field at fault
     */
    public static ModelBundle open(Path dir, HashCheck hashCheck) throws BundleException {
        Path abs = dir.toAbsolutePath().normalize();
        if (!Files.isDirectory(abs)) {
            throw new BundleException(abs.toString(), null, "is not a model bundle folder (it does not exist or is not a folder)");
        }
        Path manifestFile = abs.resolve(Manifest.FILE_NAME);
        if (!Files.isRegularFile(manifestFile)) {
            throw new BundleException(Manifest.FILE_NAME, null, "missing in " + abs);
        }
        byte[] json;
        try {
            json = Files.readAllBytes(manifestFile);
        } catch (IOException e) {
            throw new BundleException(Manifest.FILE_NAME, null, "cannot be read: " + e.getMessage(), e);
        }
        Manifest manifest = ManifestReader.read(json);
        BundleFiles.verify(abs, manifest, hashCheck);
        return new ModelBundle(abs, manifest, ExternalDataRules.verify(abs, manifest));
    }

    public Path dir() {
        return dir;
    }

    public Manifest manifest() {
        return manifest;
    }

    public String name() {
        return manifest.name();
    }

    public String version() {
        return manifest.version();
    }

    public VideoSpec video() {
        return manifest.video();
    }

    public DecoderSpec decoder() {
        return manifest.decoder();
    }

    public LatentSpec latent() {
        return manifest.latent();
    }

    public SamplerSpec sampler() {
        return manifest.sampler();
    }

    public ConditioningSpec conditioning() {
        return manifest.conditioning();
    }

    /** A variant by name ("desktop", "mobile"). */
    public Variant variant(String name) throws BundleException {
        Variant v = manifest.variants().get(name);
        if (v == null) {
            throw new BundleException(Manifest.FILE_NAME, "variants." + name,
                    "does not exist (the bundle offers " + manifest.variants().keySet() + ")");
        }
        return v;
    }

    /** The I/O contract of a graph role. */
    public GraphSpec graph(GraphRole role) throws BundleException {
        GraphSpec g = manifest.graphs().get(role);
        if (g == null) {
            throw new BundleException(Manifest.FILE_NAME, "graphs." + role, "is missing");
        }
        return g;
    }

    /** Absolute path of a graph file of a variant. */
    public Path graphFile(String variant, GraphRole role) throws BundleException {
        String rel = variant(variant).graphs().get(role);
        if (rel == null) {
            throw new BundleException(Manifest.FILE_NAME, "variants." + variant + ".graphs." + role,
                    "is missing (variant '" + variant + "' has no " + role + " graph)");
        }
        return resolve(rel);
    }

    /**
     * The bundle-relative external data files (weights stored beside the graph, listed and verified
     * like every file) of a graph file; empty for a graph with its weights inline.
     */
    public java.util.List<String> externalData(String graph) {
        return externalData.getOrDefault(graph, java.util.List.of());
    }

    /** A bundle-relative path as an absolute one (validated paths never leave the folder). */
    public Path resolve(String relative) {
        return dir.resolve(relative).normalize();
    }

    /** Absolute path of fixtures.json when the bundle has fixtures. */
    public Optional<Path> fixturesFile() {
        return manifest.fixtures().map(this::resolve);
    }

    @Override
    public String toString() {
        return manifest.name() + " " + manifest.version() + " (" + dir + ")";
    }
}
