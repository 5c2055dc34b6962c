package android.net;

import java.io.Closeable;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;

/** TEST STAND-IN for Android's {@code android.net.LocalServerSocket}; see {@link LocalSocketAddress}. */
public class LocalServerSocket implements Closeable {
    private final Path path;
    private final ServerSocketChannel channel;

    public LocalServerSocket(String name) throws IOException {
        path = LocalSocketAddress.file(name);
        channel = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        channel.bind(UnixDomainSocketAddress.of(path));
    }

    public LocalSocket accept() throws IOException {
        return new LocalSocket(channel.accept());
    }

    @Override
    public void close() throws IOException {
        channel.close();
        Files.deleteIfExists(path);
    }
}
