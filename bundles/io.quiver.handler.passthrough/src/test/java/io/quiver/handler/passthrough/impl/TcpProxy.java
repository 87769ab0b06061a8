package io.quiver.handler.passthrough.impl;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP relay between the pass-through backend and a test target that fails the way networks and targets
 * do: {@link #cut()} drops every connection (a lost connection mid-I/O), {@link #blackhole} swallows bytes
 * both ways (a hung target: commands time out), {@link #refuse} closes new connections at once (target
 * down). Platform threads, test only.
 */
final class TcpProxy implements AutoCloseable {

    private final ServerSocket server;
    private final int targetPort;
    private final List<Socket> open = new CopyOnWriteArrayList<>();
    volatile boolean blackhole;
    volatile boolean refuse;

    TcpProxy(int port, int targetPort) throws IOException {
        this.targetPort = targetPort;
        server = new ServerSocket();
        server.setReuseAddress(true);
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        Thread.ofPlatform().daemon().name("proxy-accept").start(this::accept);
    }

    int port() {
        return server.getLocalPort();
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket c = server.accept();
                if (refuse) {
                    c.close();
                    continue;
                }
                Socket t = new Socket(InetAddress.getLoopbackAddress(), targetPort);
                open.add(c);
                open.add(t);
                pump(c, t);
                pump(t, c);
            } catch (IOException e) {
                // closed, or the target is gone: the next connection tries again
            }
        }
    }

    private void pump(Socket from, Socket to) {
        Thread.ofPlatform().daemon().name("proxy-pump").start(() -> {
            byte[] b = new byte[65536];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                for (int n; (n = in.read(b)) >= 0; ) {
                    if (!blackhole) {
                        out.write(b, 0, n);
                    }
                }
            } catch (IOException e) {
                // one side closed
            } finally {
                close(from);
                close(to);
            }
        });
    }

    /** Drops every relayed connection, as a network failure would. */
    void cut() {
        for (Socket s : open) {
            close(s);
        }
        open.clear();
    }

    private static void close(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        cut();
    }
}
