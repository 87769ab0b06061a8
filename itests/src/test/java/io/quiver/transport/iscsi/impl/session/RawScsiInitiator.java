package io.quiver.transport.iscsi.impl.session;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * SCSI commands over the iSCSI module's hand-written {@link RawInitiator} (from its test-jar; this class
 * sits in its package for that), for the itests: a normal session login, then one command at a time
 * whose data-in, status and sense are gathered from the Data-In and SCSI Response PDUs. Data-out travels
 * as immediate data only (ImmediateData=Yes; at most FirstBurstLength, plenty for parameter lists).
 * Asynchronous Messages and NOP-Ins the target sends in between are skipped. Not thread-safe.
 */
public final class RawScsiInitiator implements AutoCloseable {

    /** What a command ended with. */
    public static final class Result {
        public final int status;
        public final byte[] data;
        public final byte[] sense;

        Result(int status, byte[] data, byte[] sense) {
            this.status = status;
            this.data = data;
            this.sense = sense;
        }

        /** Sense key, ASC and ASCQ as "key/asc/ascq" in hex (fixed or descriptor format), or "" without sense. */
        public String senseCode() {
            if (sense.length < 4) {
                return "";
            }
            boolean fixed = (sense[0] & 0x7F) < 0x72;
            int key = (fixed ? sense[2] : sense[1]) & 0x0F;
            int asc = (fixed ? sense[12] : sense[2]) & 0xFF;
            int ascq = (fixed ? sense[13] : sense[3]) & 0xFF;
            return String.format("%x/%02x/%02x", key, asc, ascq);
        }

        @Override
        public String toString() {
            return String.format("status %02x sense %s data %d bytes", status, senseCode(), data.length);
        }
    }

    private final RawInitiator raw;

    /** Connects to 127.0.0.1:{@code port} and logs in to {@code target} without authentication. */
    public RawScsiInitiator(int port, String target) throws IOException {
        this(port, target, "iqn.2026-11.io.quiver:raw");
    }

    /**
     * Connects to 127.0.0.1:{@code port} and logs in to {@code target} as {@code initiatorName} without
     * authentication. Sessions need distinct names to coexist: they share one ISID, and the same name and
     * ISID would reinstate (end) the earlier session.
     */
    public RawScsiInitiator(int port, String target, String initiatorName) throws IOException {
        raw = new RawInitiator(port);
        RawInitiator.Pdu r = raw.login(true, 1, 3, RawInitiator.text("InitiatorName=" + initiatorName,
                "SessionType=Normal", "TargetName=" + target, "ImmediateData=Yes", "InitialR2T=Yes"));
        if (r.opcode() != 0x23 || r.shortAt36() != 0 || (r.flags() & 0x83) != 0x83) {
            raw.close();
            throw new IOException("login to " + target + " failed: status " + Integer.toHexString(r.shortAt36()) + " " + r.keys());
        }
    }

    /** Runs a SIMPLE command on a LUN (below 256) with optional data-out and up to {@code dataIn} bytes of data-in. */
    public Result execute(int lun, byte[] cdb, byte[] dataOut, int dataIn) throws IOException {
        int itt = ++raw.itt;
        boolean write = dataOut != null && dataOut.length > 0;
        int flags = 0x80 | (write ? 0x20 : 0) | (dataIn > 0 ? 0x40 : 0) | 0x01;
        raw.command(flags, (long) lun << 48, write ? dataOut.length : dataIn, Arrays.copyOf(cdb, 16), write ? dataOut : null, true);
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        while (true) {
            RawInitiator.Pdu p = raw.receive();
            if (p.opcode() == 0x20 && p.intAt(20) != -1) {
                // NOP-In ping: answer it with a NOP-Out echoing the TTT.
                raw.send(RawInitiator.bhs(0x40, 0x80).putLong(8, p.bhs.getLong(8)).putInt(16, -1).putInt(20, p.intAt(20))
                        .putInt(24, raw.cmdSn).putInt(28, raw.expStatSn), null);
                continue;
            }
            if (p.intAt(16) != itt) {
                continue; // Asynchronous Message, unsolicited NOP-In
            }
            if (p.opcode() == 0x25) {
                data.write(p.data, 0, p.data.length);
                if ((p.flags() & 0x01) != 0) {
                    return new Result(p.bhs.get(3) & 0xFF, data.toByteArray(), new byte[0]);
                }
            } else if (p.opcode() == 0x21) {
                byte[] sense = p.data.length < 2 ? new byte[0]
                        : Arrays.copyOfRange(p.data, 2, 2 + (ByteBuffer.wrap(p.data).getShort(0) & 0xFFFF));
                return new Result(p.bhs.get(3) & 0xFF, data.toByteArray(), sense);
            } else {
                throw new IOException("unexpected PDU opcode " + Integer.toHexString(p.opcode()) + " for ITT " + itt);
            }
        }
    }

    /**
     * Sends a Logout Request (close the session) and waits for the Logout Response; returns its Response
     * field (0 = closed successfully). The connection is closed by {@link #close}.
     */
    public int logout() throws IOException {
        int itt = ++raw.itt;
        raw.send(RawInitiator.bhs(0x46, 0x80).putInt(16, itt).putInt(24, raw.cmdSn).putInt(28, raw.expStatSn), null);
        while (true) {
            RawInitiator.Pdu p = raw.receive();
            if (p.opcode() == 0x26) {
                return p.bhs.get(2) & 0xFF;
            }
        }
    }

    @Override
    public void close() throws IOException {
        raw.close();
    }
}
