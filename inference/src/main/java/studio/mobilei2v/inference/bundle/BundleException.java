package studio.mobilei2v.inference.bundle;

/**
 * A model bundle is unusable. The message always starts with the bundle-relative file and, when
 * the problem is inside a JSON document or a graph's I/O, names the field:
 * {@code manifest.json: field 'latent.channels' must be a positive integer}.
 */
public class BundleException extends Exception {
    private final String file;
    private final String field;

    public BundleException(String file, String field, String problem) {
        super(file + ": " + (field == null ? "" : "field '" + field + "' ") + problem);
        this.file = file;
        this.field = field;
    }

    public BundleException(String file, String field, String problem, Throwable cause) {
        this(file, field, problem);
        initCause(cause);
    }

    /** A problem with a field of manifest.json. */
    static BundleException inManifest(String field, String problem) {
        return new BundleException(Manifest.FILE_NAME, field, problem);
    }

    /** Bundle-relative file (e.g. "manifest.json", "desktop/decoder.onnx"). */
    public String file() {
        return file;
    }

    /** JSON field path (e.g. "sampler.schedules[1].sigmas") or null when the file itself is wrong. */
    public String field() {
        return field;
    }
}
