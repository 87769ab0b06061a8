package io.quiver.itests;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;

/**
 * A TCP relay on 127.0.0.1 that a test puts between a client and one server (here: a Quiver node and one
 * ZooKeeper server) to stage a network partition. While {@linkplain #blackHole() black-holed} it forwards
 * nothing in either direction and closes nothing: connections stay open and silent, and new ones are accepted
 * and left unanswered, as when packets are dropped by a broken switch (a closed connection would tell the
 * client at once; silence makes it wait for its own timeouts). {@link #heal()} closes the connections that
 * lived through the partition (TCP would have reset them after a longer outage) and forwards new ones again.
 *
 * <p>Thread-safe: one acceptor thread, two pump threads per connection; the flag is volatile.
 */
final class PartitionRelay implements AutoCloseable {

    private final ServerSocket listener;
    private final int upstreamPort;
    private final List<Socket> sockets = new ArrayList<>();
    private volatile boolean blackHoled;
    private volatile boolean closed;

    PartitionRelay(int port, int upstreamPort) throws IOException {
        this.upstreamPort = upstreamPort;
        this.listener = new ServerSocket();
        listener.setReuseAddress(true);
        listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        Thread acceptor = new Thread(this::accept, "partition-relay-" + port);
        acceptor.setDaemon(true);
        acceptor.start();
    }

    int port() {
        return listener.getLocalPort();
    }

    /** Stops forwarding in both directions, closing nothing. */
    void blackHole() {
        blackHoled = true;
    }

    /** Ends the partition: closes the connections that lived through it and forwards new ones. */
    void heal() {
        closeConnections();
        blackHoled = false;
    }

    private void accept() {
        while (!closed) {
            try {
                Socket client = listener.accept();
                keep(client);
                Thread t = new Thread(() -> connect(client), "partition-relay-connect");
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    /** Connects upstream once the relay forwards (a connection made during a partition waits unanswered). */
    private void connect(Socket client) {
        try {
            while (blackHoled && !client.isClosed()) {
                Thread.sleep(10);
            }
            if (client.isClosed()) {
                return; // closed by heal(): the client connects again
            }
            Socket server = new Socket(InetAddress.getLoopbackAddress(), upstreamPort);
            keep(server);
            pump(client, server);
            pump(server, client);
        } catch (IOException | InterruptedException e) {
            closeQuietly(client);
        }
    }

    private synchronized void keep(Socket s) throws IOException {
        if (closed) {
            s.close();
            return;
        }
        sockets.add(s);
    }

    private synchronized void forget(Socket s) {
        sockets.remove(s);
    }

    private void pump(Socket from, Socket to) {
        Thread t = new Thread(() -> {
            byte[] buffer = new byte[16384];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                for (int n; (n = in.read(buffer)) >= 0;) {
                    // Holds what it read while black-holed: the bytes are dropped with the connection on heal().
                    while (blackHoled && !from.isClosed()) {
                        Thread.sleep(10);
                    }
                    out.write(buffer, 0, n);
                }
            } catch (IOException | InterruptedException e) {
                // the connection ended
            } finally {
                closeQuietly(from);
                closeQuietly(to);
                forget(from);
                forget(to);
            }
        }, "partition-relay-pump");
        t.setDaemon(true);
        t.start();
    }

    private void closeConnections() {
        List<Socket> open;
        synchronized (this) {
            open = new ArrayList<>(sockets);
            sockets.clear();
        }
        open.forEach(PartitionRelay::closeQuietly);
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException e) {
            // closed already
        }
    }

    @Override
    public void close() throws IOException {
        closed = true;
        listener.close();
        closeConnections();
    }
}
