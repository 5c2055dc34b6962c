package studio.mobilei2v.inference.runner;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.reflect.Method;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Where the runner listens: {@code tcp:PORT} (loopback only; 0 picks a free port),
 * {@code unix:PATH} (a unix socket file) or {@code localabstract:NAME} (Android's abstract
 * namespace through android.net.LocalServerSocket, looked up reflectively so this class also
 * loads on a desktop JVM). Only the host's {@code adb forward} reaches any of them. Every kind
 * honours the idle timeout of {@link #accept}.
 */
abstract class RunnerEndpoint implements Closeable {
    /** One accepted client connection. */
    interface Client extends Closeable {
        InputStream in() throws IOException;

        OutputStream out() throws IOException;
    }

    /** The address to print for the host, e.g. "tcp:43127". */
    abstract String address();

    /** Waits up to {@code timeoutMs} (0 = forever) for a client; null on timeout. */
    abstract Client accept(int timeoutMs) throws IOException;

    static RunnerEndpoint open(String spec) throws IOException {
        if (spec.startsWith("tcp:")) {
            return new Tcp(Integer.parseInt(spec.substring(4)));
        }
        if (spec.startsWith("unix:")) {
            return new Unix(Path.of(spec.substring(5)));
        }
        if (spec.startsWith("localabstract:")) {
            return new Abstract(spec.substring("localabstract:".length()));
        }
        throw new IllegalArgumentException("--listen must be tcp:PORT, unix:PATH or localabstract:NAME, not " + spec);
    }

    private static final class Tcp extends RunnerEndpoint {
        private final ServerSocket server;

        Tcp(int port) throws IOException {
            server = new ServerSocket(port, 1, InetAddress.getLoopbackAddress());
        }

        @Override
        String address() {
            return "tcp:" + server.getLocalPort();
        }

        @Override
        Client accept(int timeoutMs) throws IOException {
            server.setSoTimeout(timeoutMs);
            Socket s;
            try {
                s = server.accept();
            } catch (SocketTimeoutException e) {
                return null;
            }
            s.setTcpNoDelay(true);
            return new Client() {
                @Override
                public InputStream in() throws IOException {
                    return s.getInputStream();
                }

                @Override
                public OutputStream out() throws IOException {
                    return s.getOutputStream();
                }

                @Override
                public void close() throws IOException {
                    s.close();
                }
            };
        }

        @Override
        public void close() throws IOException {
            server.close();
        }
    }

    /**
     * An endpoint whose accept cannot time out (unix channels, Android's LocalServerSocket): a
     * timer connects a throwaway client to the endpoint itself to wake the accept, which then
     * reports the idle timeout as null, so a runner whose host vanished still exits.
     */
    private abstract static class WokenByTimer extends RunnerEndpoint {
        abstract Client acceptBlocking() throws IOException;

        /** Connects to this endpoint and hangs up at once. */
        abstract void knock() throws IOException;

        @Override
        Client accept(int timeoutMs) throws IOException {
            if (timeoutMs <= 0) {
                return acceptBlocking();
            }
            AtomicInteger state = new AtomicInteger(); // 0 waiting, 1 a host came, 2 idle
            Thread timer = new Thread(() -> {
                try {
                    Thread.sleep(timeoutMs);
                } catch (InterruptedException e) {
                    return;
                }
                if (state.compareAndSet(0, 2)) {
                    try {
                        knock();
                    } catch (IOException ignored) {
                        // the endpoint closed meanwhile: accept has returned anyway
                    }
                }
            }, "runner-idle-timer");
            timer.setDaemon(true);
            timer.start();
            Client c;
            try {
                c = acceptBlocking();
            } finally {
                timer.interrupt();
            }
            if (state.compareAndSet(0, 1)) {
                return c;
            }
            c.close(); // our own knock (or a host that came just as the idle time ran out)
            return null;
        }
    }

    private static final class Unix extends WokenByTimer {
        private final Path path;
        private final ServerSocketChannel server;

        Unix(Path path) throws IOException {
            this.path = path;
            Files.deleteIfExists(path); // a stale socket file from a runner that died
            server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
            server.bind(UnixDomainSocketAddress.of(path));
        }

        @Override
        String address() {
            return "unix:" + path;
        }

        @Override
        void knock() throws IOException {
            try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
                ch.connect(UnixDomainSocketAddress.of(path));
            }
        }

        @Override
        Client acceptBlocking() throws IOException {
            SocketChannel ch = server.accept();
            return new Client() {
                @Override
                public InputStream in() {
                    return new InputStream() {
                        @Override
                        public int read() throws IOException {
                            byte[] b = new byte[1];
                            return read(b, 0, 1) < 0 ? -1 : b[0] & 0xff;
                        }

                        @Override
                        public int read(byte[] b, int off, int len) throws IOException {
                            return ch.read(ByteBuffer.wrap(b, off, len));
                        }
                    };
                }

                @Override
                public OutputStream out() {
                    return new OutputStream() {
                        @Override
                        public void write(int b) throws IOException {
                            write(new byte[]{(byte) b}, 0, 1);
                        }

                        @Override
                        public void write(byte[] b, int off, int len) throws IOException {
                            ByteBuffer buf = ByteBuffer.wrap(b, off, len);
                            while (buf.hasRemaining()) {
                                ch.write(buf);
                            }
                        }
                    };
                }

                @Override
                public void close() throws IOException {
                    ch.close();
                }
            };
        }

        @Override
        public void close() throws IOException {
            server.close();
            Files.deleteIfExists(path);
        }
    }

    private static final class Abstract extends WokenByTimer {
        private final String name;
        private final Object server;

        Abstract(String name) throws IOException {
            this.name = name;
            try {
                server = Class.forName("android.net.LocalServerSocket").getConstructor(String.class).newInstance(name);
            } catch (ClassNotFoundException e) {
                throw new IOException("localabstract: sockets exist only on Android (android.net.LocalServerSocket); use tcp:PORT here");
            } catch (ReflectiveOperationException e) {
                throw new IOException("could not listen on localabstract:" + name + ": " + e.getCause(), e);
            }
        }

        @Override
        String address() {
            return "localabstract:" + name;
        }

        @Override
        void knock() throws IOException {
            try {
                Class<?> addressClass = Class.forName("android.net.LocalSocketAddress");
                Object address = addressClass.getConstructor(String.class).newInstance(name); // abstract namespace
                Object socket = Class.forName("android.net.LocalSocket").getConstructor().newInstance();
                socket.getClass().getMethod("connect", addressClass).invoke(socket, address);
                socket.getClass().getMethod("close").invoke(socket);
            } catch (ReflectiveOperationException e) {
                throw new IOException("could not wake localabstract:" + name + ": " + e.getCause(), e);
            }
        }

        @Override
        Client acceptBlocking() throws IOException {
            try {
                Object socket = server.getClass().getMethod("accept").invoke(server);
                Method in = socket.getClass().getMethod("getInputStream");
                Method out = socket.getClass().getMethod("getOutputStream");
                Method close = socket.getClass().getMethod("close");
                return new Client() {
                    @Override
                    public InputStream in() throws IOException {
                        return (InputStream) call(in, socket);
                    }

                    @Override
                    public OutputStream out() throws IOException {
                        return (OutputStream) call(out, socket);
                    }

                    @Override
                    public void close() throws IOException {
                        call(close, socket);
                    }
                };
            } catch (ReflectiveOperationException e) {
                throw new IOException("accept on localabstract:" + name + " failed: " + e.getCause(), e);
            }
        }

        private static Object call(Method m, Object target) throws IOException {
            try {
                return m.invoke(target);
            } catch (ReflectiveOperationException e) {
                throw new IOException(m.getName() + " failed: " + e.getCause(), e);
            }
        }

        @Override
        public void close() throws IOException {
            try {
                server.getClass().getMethod("close").invoke(server);
            } catch (ReflectiveOperationException e) {
                throw new IOException("close failed: " + e.getCause(), e);
            }
        }
    }
}
