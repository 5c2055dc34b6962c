package android.net;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;

/** TEST STAND-IN for Android's {@code android.net.LocalSocket}; see {@link LocalSocketAddress}. */
public class LocalSocket implements Closeable {
    private SocketChannel channel;

    public LocalSocket() {
    }

    LocalSocket(SocketChannel channel) {
        this.channel = channel;
    }

    public void connect(LocalSocketAddress endpoint) throws IOException {
        channel = SocketChannel.open(StandardProtocolFamily.UNIX);
        channel.connect(UnixDomainSocketAddress.of(LocalSocketAddress.file(endpoint.getName())));
    }

    public InputStream getInputStream() {
        return Channels.newInputStream(channel);
    }

    public OutputStream getOutputStream() {
        return Channels.newOutputStream(channel);
    }

    @Override
    public void close() throws IOException {
        if (channel != null) {
            channel.close();
        }
    }
}
