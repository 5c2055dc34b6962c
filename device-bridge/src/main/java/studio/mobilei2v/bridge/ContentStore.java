package studio.mobilei2v.bridge;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Files on a device keyed by content: {@code <work>/blobs/<sha256><suffix>}. A file is written
 * under a temporary name ({@code .incoming-<sha256>-<random>}), its SHA-256 computed on the device,
 * and only a matching file is renamed to its final name - so a push cut short (cable pulled) can
 * never leave a file under a trusted name, and the next push starts that file over cleanly.
 * Files already present with the right hash are not sent again.
 *
 * @param workFolder the device work folder (see {@link #resolveWorkFolder})
 */
public record ContentStore(Device device, String workFolder) {
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
    private static final Pattern SUFFIX = Pattern.compile("(\\.[A-Za-z0-9]{1,10})?");
    public static final String FOLDER_NAME = "mobilei2v-studio";

    public String blobs() {
        return workFolder + "/blobs";
    }

    /** One file's push: where it lives, whether it was already there, bytes sent and time taken. */
    public record Pushed(String remotePath, boolean cached, long bytes, double ms) {
    }

    /**
     * The studio's folder on a device: {@code $TMPDIR} (Android: /data/local/tmp) or the XDG cache
     * folder of a Linux device, plus {@value #FOLDER_NAME}. What the device answers is checked,
     * then only ever used quoted.
     */
    public static String resolveWorkFolder(Device device, DeviceFacts facts) throws BridgeException {
        String expr = facts.isAndroid() ? "echo \"${TMPDIR:-/data/local/tmp}\"" : "echo \"${XDG_CACHE_HOME:-$HOME/.cache}\"";
        String base = device.shellOk(ShellCommand.literal(expr), 30, "finding the work folder").trim();
        if (!base.startsWith("/") || base.contains("\n") || base.contains("/../") || base.endsWith("/..")) {
            throw new BridgeException("device " + device.serial() + ": unusable work folder base '" + base + "'");
        }
        return (base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + "/" + FOLDER_NAME;
    }

    /** Makes sure the device holds {@code local} (whose SHA-256 is {@code sha256}) and returns where. */
    public Pushed ensure(Path local, String sha256, String suffix) throws BridgeException {
        if (!SHA256.matcher(sha256).matches()) {
            throw new IllegalArgumentException("not a lowercase SHA-256: " + sha256);
        }
        if (!SUFFIX.matcher(suffix).matches()) {
            throw new IllegalArgumentException("not a plain file suffix: " + suffix);
        }
        long t0 = System.nanoTime();
        String target = blobs() + "/" + sha256 + suffix;
        if (sha256(target).equals(sha256)) {
            return new Pushed(target, true, 0, ms(t0));
        }
        String incomingPrefix = blobs() + "/.incoming-" + sha256 + "-";
        // Leftovers of an interrupted push of this file are never trusted: remove them first.
        device.shellOk(ShellCommand.of("mkdir", "-p", blobs())
                .and(ShellCommand.of("rm", "-f").globStartingWith(incomingPrefix)), 60, "preparing " + blobs());
        String incoming = incomingPrefix + HexFormat.of().formatHex(new SecureRandom().generateSeed(6));
        long bytes;
        try {
            bytes = Files.size(local);
        } catch (IOException e) {
            throw new BridgeException(local + ": cannot be read: " + e.getMessage(), e);
        }
        device.pushRaw(local, incoming, null);
        String got = sha256(incoming);
        if (!got.equals(sha256)) {
            device.shell(ShellCommand.of("rm", "-f", incoming), 60);
            throw new BridgeException("device " + device.serial() + ": " + local.getFileName() + " arrived damaged (SHA-256 "
                    + (got.isEmpty() ? "unavailable" : got) + ", expected " + sha256 + "); it was deleted, try again");
        }
        device.shellOk(ShellCommand.of("mv", "-f", incoming, target), 60, "renaming the verified " + local.getFileName());
        return new Pushed(target, false, bytes, ms(t0));
    }

    /** The device's SHA-256 of a file, or "" when it does not exist. */
    String sha256(String remote) throws BridgeException {
        // Hash stdin, not a named file: sha256sum escapes odd names in its output ("\\" prefix).
        ShellResult r = device.shell(ShellCommand.of("test", "-f", remote)
                .and(ShellCommand.of("sha256sum").append("<").args(remote)), 300);
        if (!r.ok()) {
            return "";
        }
        String out = r.output().trim();
        int sp = out.indexOf(' ');
        String hash = sp < 0 ? out : out.substring(0, sp);
        if (!SHA256.matcher(hash).matches()) {
            throw new BridgeException("device " + device.serial() + ": sha256sum gave no hash (" + out
                    + "); the device needs sha256sum (toybox on Android 7+, coreutils on Linux)");
        }
        return hash;
    }

    /**
     * Lays out {@code dir} as symbolic links to pushed blobs ({@code relative name -> blob path}),
     * making sub-folders as needed: how a bundle or a library folder gets its expected names
     * while every byte stays content-addressed.
     */
    public void linkFolder(String dir, Map<String, String> links, String what) throws BridgeException {
        Set<String> folders = new LinkedHashSet<>();
        folders.add(dir);
        for (String rel : links.keySet()) {
            int slash = rel.lastIndexOf('/');
            if (slash > 0) {
                folders.add(dir + "/" + rel.substring(0, slash));
            }
        }
        ShellCommand cmd = ShellCommand.of("mkdir", "-p").args(folders.toArray(String[]::new));
        for (Map.Entry<String, String> l : links.entrySet()) {
            cmd = cmd.and(ShellCommand.of("ln", "-sfn", l.getValue(), dir + "/" + l.getKey()));
        }
        device.shellOk(cmd, 120, "laying out " + what + " in " + dir);
    }

    /** Removes everything the studio put on the device (the work folder). */
    public void clean() throws BridgeException {
        device.shellOk(ShellCommand.of("rm", "-rf", workFolder), 300, "removing " + workFolder);
    }

    public static String sha256(Path file) throws IOException {
        return studio.mobilei2v.inference.Hex.sha256(file);
    }

    private static double ms(long t0) {
        return (System.nanoTime() - t0) / 1e6;
    }
}
