package studio.mobilei2v.inference.bundle;

/** manifest "files.PATH": expected size and SHA-256 (lowercase hex) of a bundle file. */
public record FileEntry(String path, String sha256, long bytes) {
}
