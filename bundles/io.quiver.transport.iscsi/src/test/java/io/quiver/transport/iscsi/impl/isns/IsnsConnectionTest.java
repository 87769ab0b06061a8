package io.quiver.transport.iscsi.impl.isns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.DataInputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The connection's stale-socket rule: a request on a connection the server closed after an earlier exchange
 * (a restarted server) is sent again on a new connection at once; a request that fails on a new connection
 * fails. The server is a socket of the test's that answers (or not) and then closes each connection.
 */
class IsnsConnectionTest {

    private static IsnsPdu query(IsnsConnection c) {
        return IsnsPdu.request(IsnsTags.DEV_ATTR_QRY, c.nextTransaction(), 0, List.of());
    }

    /** Accepts {@code answers.length} connections in turn; on each answers that many requests (0: none), then closes it. */
    private static CompletableFuture<Integer> serve(ServerSocket server, int... answers) {
        return CompletableFuture.supplyAsync(() -> {
            int accepted = 0;
            for (int n : answers) {
                try (Socket s = server.accept()) {
                    accepted++;
                    DataInputStream in = new DataInputStream(s.getInputStream());
                    for (int i = 0; i < n; i++) {
                        s.getOutputStream().write(IsnsPdu.response(IsnsPdu.read(in), IsnsTags.SUCCESS, List.of()).encode());
                    }
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            }
            return accepted;
        });
    }

    @Test
    void aRequestOnAConnectionTheServerClosedGoesOutAgainOnANewOne() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 4, InetAddress.getLoopbackAddress())) {
            CompletableFuture<Integer> accepted = serve(server, 1, 1);
            IsnsConnection c = new IsnsConnection(new IsnsServer("127.0.0.1", server.getLocalPort(), false));
            c.connect();
            assertEquals(IsnsTags.SUCCESS, c.exchange(query(c)).status());
            // The server has closed the first connection after its one answer, as a restarted server would.
            assertEquals(IsnsTags.SUCCESS, c.exchange(query(c)).status(), "answered on a second connection");
            assertEquals(2, accepted.get(10, TimeUnit.SECONDS));
            c.disconnect();
        }
    }

    @Test
    void aRequestThatFailsOnANewConnectionFails() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 4, InetAddress.getLoopbackAddress())) {
            CompletableFuture<Integer> accepted = serve(server, 0);
            IsnsConnection c = new IsnsConnection(new IsnsServer("127.0.0.1", server.getLocalPort(), false));
            c.connect();
            assertThrows(IOException.class, () -> c.exchange(query(c)));
            assertEquals(1, accepted.get(10, TimeUnit.SECONDS));
            server.setSoTimeout(500);
            assertThrows(SocketTimeoutException.class, server::accept, "no second connection was attempted");
            c.disconnect();
        }
    }
}
