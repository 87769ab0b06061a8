package io.quiver.transport.iscsi.impl.session;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.time.Duration;

/**
 * An idle iSCSI session over the iSCSI module's {@link RawInitiator} (test-jar; this class sits in its
 * package for that) that waits for the target's Asynchronous Message (RFC 7143, 11.9), answering NOP-In
 * pings meanwhile: how a test sees that a target driver leaving asks its sessions to log out first.
 * Not thread-safe.
 */
public final class AsyncMessageProbe implements AutoCloseable {

    private final RawInitiator raw;

    private AsyncMessageProbe(RawInitiator raw) {
        this.raw = raw;
    }

    /** Connects to 127.0.0.1:{@code port} and logs in to {@code target} as {@code initiatorName}. */
    public static AsyncMessageProbe login(int port, String target, String initiatorName) throws IOException {
        RawInitiator raw = new RawInitiator(port);
        RawInitiator.Pdu r = raw.login(true, 1, 3, RawInitiator.text("InitiatorName=" + initiatorName,
                "SessionType=Normal", "TargetName=" + target));
        if (r.opcode() != 0x23 || r.shortAt36() != 0 || (r.flags() & 0x83) != 0x83) {
            raw.close();
            throw new IOException("login to " + target + " failed: status " + Integer.toHexString(r.shortAt36()));
        }
        return new AsyncMessageProbe(raw);
    }

    /**
     * The AsyncEvent of the first Asynchronous Message within {@code timeout} (1 = the target requests a
     * logout); fails if the connection ends or the time passes without one.
     */
    public int awaitAsyncEvent(Duration timeout) throws IOException {
        for (long end = System.nanoTime() + timeout.toNanos(); System.nanoTime() < end;) {
            RawInitiator.Pdu p;
            try {
                p = raw.receive();
            } catch (SocketTimeoutException quiet) {
                continue;
            }
            if (p.opcode() == 0x32) {
                return p.bhs.get(36) & 0xFF;
            }
            if (p.opcode() == 0x20 && p.intAt(20) != -1) {
                raw.send(RawInitiator.bhs(0x40, 0x80).putLong(8, p.bhs.getLong(8)).putInt(16, -1).putInt(20, p.intAt(20))
                        .putInt(24, raw.cmdSn).putInt(28, raw.expStatSn), null);
            }
        }
        throw new AssertionError("no Asynchronous Message within " + timeout);
    }

    @Override
    public void close() throws IOException {
        raw.close();
    }
}
