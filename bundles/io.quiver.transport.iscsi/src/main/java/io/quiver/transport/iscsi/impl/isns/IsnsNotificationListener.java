package io.quiver.transport.iscsi.impl.isns;

import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The port the iSNS server reaches the driver on (RFC 4171, 5.6.5.13 and 5.6.5.8): Entity Status Inquiries
 * are answered with ESIRsp echoing the inquiry's attributes (so the server keeps the portals registered), State
 * Change Notifications with SCNRsp naming the destination, and are logged; any other message gets "Message
 * Not Supported". One daemon thread accepts, one per connection reads; nothing here runs on an event loop.
 * Thread-safe.
 */
final class IsnsNotificationListener implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(IsnsNotificationListener.class);
    private static final int MESSAGE_NOT_SUPPORTED = 15;

    private final ServerSocket socket;
    private final AtomicLong inquiries = new AtomicLong();
    private final AtomicLong notifications = new AtomicLong();

    /** Listens on {@code address} (a wildcard when portals differ) on a free port. */
    IsnsNotificationListener(InetAddress address) throws IOException {
        socket = new ServerSocket();
        socket.bind(new InetSocketAddress(address, 0));
        Thread t = new Thread(this::accept, "quiver-isns-esi");
        t.setDaemon(true);
        t.start();
    }

    int port() {
        return socket.getLocalPort();
    }

    /** ESIs answered so far. */
    long inquiries() {
        return inquiries.get();
    }

    /** SCNs received so far. */
    long notifications() {
        return notifications.get();
    }

    private void accept() {
        while (!socket.isClosed()) {
            try {
                Socket s = socket.accept();
                Thread t = new Thread(() -> serve(s), "quiver-isns-esi-" + s.getPort());
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                if (!socket.isClosed()) {
                    LOG.warn("iSNS notification port {}: {}", port(), e.toString());
                }
            }
        }
    }

    private void serve(Socket s) {
        try (s; DataInputStream in = new DataInputStream(s.getInputStream());
                OutputStream out = new BufferedOutputStream(s.getOutputStream())) {
            s.setSoTimeout(120_000);
            while (true) {
                IsnsPdu m = IsnsPdu.read(in);
                out.write(answer(m).encode());
                out.flush();
            }
        } catch (IOException e) {
            // The server closes its inquiry connections when it is done with them.
            LOG.debug("iSNS notification connection from {} ended: {}", s.getRemoteSocketAddress(), e.toString());
        }
    }

    IsnsPdu answer(IsnsPdu m) {
        if (m.function() == IsnsTags.ESI) {
            inquiries.incrementAndGet();
            return IsnsPdu.response(m, IsnsTags.SUCCESS, m.attributes());
        }
        if (m.function() == IsnsTags.SCN) {
            notifications.incrementAndGet();
            IsnsPdu.Attribute destination = m.first(IsnsTags.ISCSI_NAME);
            LOG.info("iSNS state change notification for {}: {} attributes", destination == null ? "?"
                    : destination.asString(), m.attributes().size());
            return IsnsPdu.response(m, IsnsTags.SUCCESS, destination == null ? List.of() : List.of(destination));
        }
        return IsnsPdu.response(m, MESSAGE_NOT_SUPPORTED, List.of());
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            LOG.debug("closing the iSNS notification port: {}", e.toString());
        }
    }
}
