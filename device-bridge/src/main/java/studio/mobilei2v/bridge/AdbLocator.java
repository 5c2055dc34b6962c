package studio.mobilei2v.bridge;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the user's {@code adb}: {@code MOBILEI2V_ADB} if set, then PATH, then
 * {@code $ANDROID_HOME/platform-tools}, then {@code $ANDROID_SDK_ROOT/platform-tools}; and checks
 * that its version is one we can use.
 */
public final class AdbLocator {
    /** shell_v2, stat_v2 and {@code forward tcp:0} all exist from this version (platform-tools 24). */
    public static final int[] MIN_VERSION = {1, 0, 39};
    private static final Pattern VERSION = Pattern.compile("Android Debug Bridge version (\\d+)\\.(\\d+)\\.(\\d+)");

    private AdbLocator() {
    }

    /** An adb that answered {@code adb version}. */
    public record Adb(Path path, String version, String versionText) {
    }

    public static Adb locate() throws AdbUnavailableException {
        return locate(System.getenv());
    }

    public static Adb locate(Map<String, String> env) throws AdbUnavailableException {
        List<Path> tried = new ArrayList<>();
        for (Path candidate : candidates(env)) {
            tried.add(candidate);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return check(candidate);
            }
        }
        throw new AdbUnavailableException("adb was not found. Looked in: " + (tried.isEmpty() ? "(nothing: PATH, ANDROID_HOME and ANDROID_SDK_ROOT are unset)" : tried)
                + ". Install Android platform-tools (Debian/Ubuntu: apt-get install adb), or set ANDROID_HOME or MOBILEI2V_ADB.");
    }

    static List<Path> candidates(Map<String, String> env) {
        List<Path> out = new ArrayList<>();
        String exe = System.getProperty("os.name", "").toLowerCase().contains("win") ? "adb.exe" : "adb";
        String explicit = env.get("MOBILEI2V_ADB");
        if (explicit != null && !explicit.isBlank()) {
            out.add(Path.of(explicit));
        }
        String path = env.get("PATH");
        if (path != null) {
            for (String dir : path.split(File.pathSeparator)) {
                if (!dir.isBlank()) {
                    out.add(Path.of(dir, exe));
                }
            }
        }
        for (String var : new String[]{"ANDROID_HOME", "ANDROID_SDK_ROOT"}) {
            String sdk = env.get(var);
            if (sdk != null && !sdk.isBlank()) {
                out.add(Path.of(sdk, "platform-tools", exe));
            }
        }
        return out;
    }

    /** Runs {@code adb version} and refuses an adb that is too old or does not answer. */
    public static Adb check(Path adb) throws AdbUnavailableException {
        String text;
        try {
            Process p = new ProcessBuilder(adb.toString(), "version").redirectErrorStream(true).start();
            p.getOutputStream().close();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(20, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AdbUnavailableException(adb + " did not answer 'adb version' within 20 s");
            }
            text = new String(out, StandardCharsets.UTF_8).trim();
            if (p.exitValue() != 0) {
                throw new AdbUnavailableException(adb + " failed 'adb version' (exit " + p.exitValue() + "): " + text);
            }
        } catch (IOException e) {
            throw new AdbUnavailableException(adb + " could not be run: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AdbUnavailableException("interrupted while asking " + adb + " for its version");
        }
        Matcher m = VERSION.matcher(text);
        if (!m.find()) {
            throw new AdbUnavailableException(adb + " is not an Android Debug Bridge we understand: 'adb version' said: " + text);
        }
        int[] v = {Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3))};
        String version = v[0] + "." + v[1] + "." + v[2];
        if (compare(v, MIN_VERSION) < 0) {
            throw new AdbUnavailableException(adb + " is version " + version + "; the studio needs adb " + MIN_VERSION[0] + "."
                    + MIN_VERSION[1] + "." + MIN_VERSION[2] + " or newer (Android platform-tools 24+). Update platform-tools.");
        }
        return new Adb(adb, version, text);
    }

    static int compare(int[] a, int[] b) {
        for (int i = 0; i < 3; i++) {
            if (a[i] != b[i]) {
                return Integer.compare(a[i], b[i]);
            }
        }
        return 0;
    }
}
