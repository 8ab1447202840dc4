package io.taskrail.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP proxy to a Redis that can turn the connections it carries into black holes: from {@link #blackHole()} on,
 * what was already connected is neither forwarded nor closed (a network that drops packets, a NAT that lost its
 * state), while new connections are carried as before.
 */
public final class BlackHoleProxy implements AutoCloseable {
    private final ServerSocket server;
    private final int upstreamPort;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private volatile int generation;

    public BlackHoleProxy(int upstreamPort) {
        this.upstreamPort = upstreamPort;
        try {
            server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        daemon("proxy-accept", this::acceptLoop);
    }

    public String redisUrl() {
        return "redis://127.0.0.1:" + server.getLocalPort();
    }

    /** The connections open now stop carrying anything, both ways; they stay open. */
    public void blackHole() {
        generation++;
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                Socket upstream = new Socket(InetAddress.getLoopbackAddress(), upstreamPort);
                sockets.add(client);
                sockets.add(upstream);
                int born = generation;
                daemon("proxy-up", () -> pump(client, upstream, born));
                daemon("proxy-down", () -> pump(upstream, client, born));
            } catch (IOException closed) {
                return;
            }
        }
    }

    private void pump(Socket from, Socket to, int born) {
        byte[] buffer = new byte[16_384];
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                if (generation != born) {
                    continue;
                }
                out.write(buffer, 0, n);
                out.flush();
            }
        } catch (IOException closed) {
            // One side closed: the other is closed with it, below.
        } finally {
            try {
                if (generation == born) {
                    to.close();
                }
            } catch (IOException ignored) {
                // Already closed.
            }
        }
    }

    private static void daemon(String name, Runnable body) {
        Thread thread = new Thread(body, name);
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public void close() {
        try {
            server.close();
            for (Socket socket : sockets) {
                socket.close();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
