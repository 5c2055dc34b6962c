package studio.mobilei2v.export;

import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A real small disk for full-disk tests: a tmpfs of a given size mounted on a new folder. Mounting
 * needs root (CAP_SYS_ADMIN); where it is not allowed the calling test is skipped with a message.
 */
public final class SmallDisk implements AutoCloseable {
    private final Path mount;

    private SmallDisk(Path mount) {
        this.mount = mount;
    }

    /** Mounts a tmpfs of {@code size} (mount's syntax, e.g. "64k") on {@code parent}/small-disk, or skips the test. */
    public static SmallDisk mountOrSkip(Path parent, String size, String skipMessage) throws IOException {
        Path mount = Files.createDirectory(parent.resolve("small-disk"));
        Assumptions.assumeTrue(run("mount", "-t", "tmpfs", "-o", "size=" + size, "tmpfs", mount.toString()), skipMessage);
        return new SmallDisk(mount);
    }

    public Path path() {
        return mount;
    }

    @Override
    public void close() {
        run("umount", mount.toString());
    }

    private static boolean run(String... cmd) {
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(20, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
