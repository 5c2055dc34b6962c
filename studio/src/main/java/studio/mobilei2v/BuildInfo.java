package studio.mobilei2v;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/**
 * The studio's version as Maven built it: {@code build-info.properties} is filtered with the
 * pom's {@code project.version}, so the number is right in a jar, in target/classes and in tests
 * alike (the jar manifest is only there in a packaged jar).
 */
public final class BuildInfo {
    private static final String VERSION = read();

    private BuildInfo() {
    }

    /** "0.1.0-SNAPSHOT" - the pom's version. */
    public static String version() {
        return VERSION;
    }

    private static String read() {
        try (InputStream in = BuildInfo.class.getResourceAsStream("/studio/mobilei2v/build-info.properties")) {
            if (in != null) {
                Properties p = new Properties();
                p.load(in);
                String v = p.getProperty("version", "").trim();
                if (!v.isEmpty() && !v.startsWith("${")) return v;
            }
        } catch (IOException e) {
            // fall through to the manifest
        }
        String v = BuildInfo.class.getPackage().getImplementationVersion();
        return v != null ? v : "unknown (build-info.properties is missing from the class path; rebuild with Maven)";
    }
}
