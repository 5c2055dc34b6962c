package studio.mobilei2v.inference.bundle;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import studio.mobilei2v.inference.Hex;

/** Checks that every file the manifest lists exists with the listed size and SHA-256. */
final class BundleFiles {
    private BundleFiles() {
    }

    static void verify(Path dir, Manifest manifest, ModelBundle.HashCheck check) throws BundleException {
        VerifiedFiles verified = check == ModelBundle.HashCheck.FULL ? null : VerifiedFiles.load();
        for (FileEntry e : manifest.files().values()) {
            Path p = dir.resolve(e.path()).normalize();
            String field = "files." + e.path();
            if (!p.startsWith(dir)) {
                throw new BundleException(Manifest.FILE_NAME, field, "points outside the bundle folder");
            }
            if (!Files.isRegularFile(p)) {
                throw new BundleException(e.path(), null, "is missing (listed in " + Manifest.FILE_NAME + " field '" + field + "')");
            }
            long size;
            try {
                size = Files.size(p);
            } catch (IOException ex) {
                throw new BundleException(e.path(), null, "cannot be read: " + ex.getMessage(), ex);
            }
            if (size != e.bytes()) {
                throw new BundleException(e.path(), null, "has " + size + " bytes but " + Manifest.FILE_NAME + " field '"
                        + field + ".bytes' says " + e.bytes() + " (truncated or replaced file)");
            }
            String stamp = verified == null ? null : VerifiedFiles.stamp(p, e.sha256());
            if (verified != null && verified.contains(stamp)) {
                continue; // hashed before and untouched since
            }
            String actual = sha256(p, e.path());
            if (!actual.equals(e.sha256())) {
                throw new BundleException(e.path(), null, "has SHA-256 " + actual + " but " + Manifest.FILE_NAME + " field '"
                        + field + ".sha256' says " + e.sha256() + " (corrupt or replaced file)");
            }
            if (verified != null) {
                verified.add(stamp);
            }
        }
        if (verified != null) {
            verified.save();
        }
        if (manifest.fixturesOrNull() != null && !Files.isRegularFile(dir.resolve(manifest.fixturesOrNull()))) {
            throw new BundleException(manifest.fixturesOrNull(), null, "is missing (named by " + Manifest.FILE_NAME
                    + " field 'fixtures')");
        }
    }

    /** Lowercase hex SHA-256 of a file, streamed. */
    static String sha256(Path p, String name) throws BundleException {
        try {
            return Hex.sha256(p);
        } catch (IOException e) {
            throw new BundleException(name, null, "cannot be read: " + e.getMessage(), e);
        }
    }
}
