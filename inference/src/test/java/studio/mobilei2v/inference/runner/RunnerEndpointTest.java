package studio.mobilei2v.inference.runner;

import android.net.LocalSocket;
import android.net.LocalSocketAddress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Where the runner listens. {@code localabstract:} goes through android.net.LocalServerSocket by
 * reflection; on this JVM the android.net classes are test stand-ins over unix sockets (see
 * android.net.LocalSocketAddress in the test sources), so this checks our reflective calls and
 * the idle timeout, not Android's implementation.
 */
class RunnerEndpointTest {
    private static CompletableFuture<RunnerEndpoint.Client> acceptAsync(RunnerEndpoint e) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return e.accept(20_000);
            } catch (IOException x) {
                throw new IllegalStateException(x);
            }
        });
    }

    /** The host sends one byte, the runner side answers it plus one. */
    private static void roundTrip(RunnerEndpoint.Client c, InputStream hostIn, OutputStream hostOut) throws Exception {
        hostOut.write(41);
        hostOut.flush();
        assertEquals(41, c.in().read());
        c.out().write(42);
        c.out().flush();
        assertEquals(42, hostIn.read());
    }

    private static void assertIdleTimeout(RunnerEndpoint e) throws IOException {
        long t0 = System.nanoTime();
        assertNull(e.accept(300), "no host within the idle time");
        long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        assertTrue(ms >= 250 && ms < 10_000, "returned after " + ms + " ms");
    }

    @Test
    void localabstractUsesLocalServerSocketAndHonoursTheIdleTimeout() throws Exception {
        String name = "mobilei2v-endpoint-test-" + ProcessHandle.current().pid();
        try (RunnerEndpoint e = RunnerEndpoint.open("localabstract:" + name)) {
            assertEquals("localabstract:" + name, e.address());
            assertIdleTimeout(e);
            CompletableFuture<RunnerEndpoint.Client> accepted = acceptAsync(e);
            try (LocalSocket host = new LocalSocket()) {
                host.connect(new LocalSocketAddress(name));
                try (RunnerEndpoint.Client c = accepted.get(20, TimeUnit.SECONDS)) {
                    assertNotNull(c, "a host that connects is served, not taken for the idle knock");
                    roundTrip(c, host.getInputStream(), host.getOutputStream());
                }
            }
        }
    }

    @Test
    void unixSocketsHonourTheIdleTimeoutToo(@TempDir Path dir) throws Exception {
        Path path = dir.resolve("runner.sock");
        try (RunnerEndpoint e = RunnerEndpoint.open("unix:" + path)) {
            assertIdleTimeout(e);
            CompletableFuture<RunnerEndpoint.Client> accepted = acceptAsync(e);
            try (SocketChannel host = SocketChannel.open(StandardProtocolFamily.UNIX)) {
                host.connect(UnixDomainSocketAddress.of(path));
                try (RunnerEndpoint.Client c = accepted.get(20, TimeUnit.SECONDS)) {
                    assertNotNull(c);
                    roundTrip(c, Channels.newInputStream(host), Channels.newOutputStream(host));
                }
            }
        }
    }
}
