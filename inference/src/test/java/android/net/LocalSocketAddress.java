package android.net;

import java.nio.file.Path;

/**
 * TEST STAND-IN for Android's {@code android.net.LocalSocketAddress} (abstract namespace), so
 * the runner's reflective localabstract endpoint can run on a desktop JVM. Not Android's code:
 * an abstract name maps onto a unix socket file in java.io.tmpdir.
 */
public class LocalSocketAddress {
    private final String name;

    public LocalSocketAddress(String name) {
        this.name = name;
    }

    public String getName() {
        return name;
    }

    static Path file(String name) {
        return Path.of(System.getProperty("java.io.tmpdir"), "android-abstract-" + name);
    }
}
