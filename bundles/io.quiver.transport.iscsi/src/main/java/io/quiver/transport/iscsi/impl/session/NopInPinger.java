package io.quiver.transport.iscsi.impl.session;

import io.netty.util.concurrent.ScheduledFuture;
import io.quiver.iscsi.pdu.NopPdu;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Target-initiated NOP-In pings (RFC 7143, 11.19): every interval a ping asking for an answer; a ping not
 * answered within the timeout drops the connection (SCST's NopInInterval / RspTimeout). Runs on the
 * connection's event loop.
 */
final class NopInPinger {

    private static final Logger LOG = LoggerFactory.getLogger(NopInPinger.class);

    private final IscsiConnection connection;
    private final IscsiSession session;
    private final ConnectionSettings settings;
    private final ScheduledFuture<?> schedule;
    private int outstandingTag;
    private long sentAt;

    NopInPinger(IscsiConnection connection, IscsiSession session, ConnectionSettings settings) {
        this.connection = connection;
        this.session = session;
        this.settings = settings;
        this.schedule = connection.wire().executor().scheduleAtFixedRate(this::tick, settings.nopInInterval(),
                settings.nopInInterval(), TimeUnit.SECONDS);
    }

    private void tick() {
        if (outstandingTag != 0) {
            if (System.nanoTime() - sentAt > TimeUnit.SECONDS.toNanos(settings.nopInTimeout())) {
                LOG.info("no NOP-Out answer from {} within {} s: dropping connection", session.initiatorName(),
                        settings.nopInTimeout());
                connection.wire().close();
            }
            return;
        }
        outstandingTag = session.nextTargetTransferTag();
        sentAt = System.nanoTime();
        connection.send(NopPdu.ping(connection.alloc(), outstandingTag));
        connection.flush();
    }

    void answered(int ttt) {
        if (ttt == outstandingTag) {
            outstandingTag = 0;
        }
    }

    void stop() {
        schedule.cancel(false);
    }
}
