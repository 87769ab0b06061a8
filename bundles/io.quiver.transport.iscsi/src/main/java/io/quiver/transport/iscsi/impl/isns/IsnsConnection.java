package io.quiver.transport.iscsi.impl.isns;

import java.io.DataInputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The client's one TCP connection to its iSNS server (iSNSP, RFC 4171 5.1): opened on demand, closed
 * after any failure (the next request opens it again), with a connect and read timeout so a server that
 * stops answering cannot hold the client's thread. Requests carry consecutive 16-bit transaction IDs; a
 * response of another transaction (a late one after a timeout) is skipped.
 *
 * <p>Not thread-safe: only its {@link IsnsClient}'s thread uses it.
 */
final class IsnsConnection {

    static final int TIMEOUT_MILLIS = 5000;
    private static final Logger LOG = LoggerFactory.getLogger(IsnsConnection.class);

    private final IsnsServer server;
    private Socket socket;
    private int transaction;
    /** Whether the open connection has carried an exchange (so a failure may mean it went stale). */
    private boolean used;

    IsnsConnection(IsnsServer server) {
        this.server = server;
    }

    /** Opens the connection unless it is open. */
    void connect() throws IOException {
        if (socket != null) {
            return;
        }
        Socket s = new Socket();
        s.connect(new InetSocketAddress(server.host(), server.port()), TIMEOUT_MILLIS);
        s.setSoTimeout(TIMEOUT_MILLIS);
        socket = s;
        used = false;
    }

    /** The address this host reaches the server from (open connection only). */
    InetAddress localAddress() {
        return socket.getLocalAddress();
    }

    /** The next request's transaction ID. */
    int nextTransaction() {
        return ++transaction & 0xFFFF;
    }

    /**
     * Sends a request and reads until its response (another transaction's is skipped). A connection that
     * already carried an exchange may have been closed by the server meanwhile (it restarted, or dropped an
     * idle client): then the request is sent once more on a new connection, so a restarted server hears from
     * the driver now rather than a refresh period later. Every request the driver sends (registration with
     * REPLACE, query, deregistration) may be repeated.
     */
    IsnsPdu exchange(IsnsPdu request) throws IOException {
        boolean reused = used;
        try {
            IsnsPdu response = send(request);
            used = true;
            return response;
        } catch (IOException stale) {
            if (!reused || stale instanceof SocketTimeoutException) {
                // A new connection that fails, or a server that does not answer in time, is no stale socket.
                throw stale;
            }
            LOG.debug("iSNS connection to {} lost ({}), connecting again", server, stale.toString());
            disconnect();
            connect();
            IsnsPdu response = send(request);
            used = true;
            return response;
        }
    }

    private IsnsPdu send(IsnsPdu request) throws IOException {
        socket.getOutputStream().write(request.encode());
        DataInputStream in = new DataInputStream(socket.getInputStream());
        while (true) {
            IsnsPdu r = IsnsPdu.read(in);
            if (r.isResponse() && r.transaction() == request.transaction()
                    && r.function() == (request.function() | IsnsTags.RESPONSE)) {
                return r;
            }
        }
    }

    void disconnect() {
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException e) {
                LOG.debug("closing the iSNS connection: {}", e.toString());
            }
            socket = null;
        }
    }
}
