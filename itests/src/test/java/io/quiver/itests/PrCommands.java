package io.quiver.itests;

import io.quiver.transport.iscsi.impl.session.RawScsiInitiator;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * SPC-4 PERSISTENT RESERVE IN/OUT and one-block READ/WRITE (10) CDBs over a {@link RawScsiInitiator}, for the
 * cluster tests (what sg_persist would send through a kernel initiator). Stateless.
 */
final class PrCommands {

    static final int REGISTER = 0;
    static final int RESERVE = 1;
    static final int CLEAR = 3;
    static final int PREEMPT_AND_ABORT = 5;
    static final int REGISTER_AND_IGNORE = 6;
    static final int WRITE_EXCLUSIVE = 1;
    static final int BLOCK = 512;

    private PrCommands() {
    }

    static RawScsiInitiator.Result out(RawScsiInitiator i, int serviceAction, int type, long key, long serviceActionKey)
            throws IOException {
        byte[] cdb = {0x5F, (byte) serviceAction, (byte) type, 0, 0, 0, 0, 0, 24, 0};
        byte[] list = ByteBuffer.allocate(24).putLong(key).putLong(serviceActionKey).array();
        return i.execute(0, cdb, list, 0);
    }

    /** PERSISTENT RESERVE IN: 0 READ KEYS, 1 READ RESERVATION, 3 READ FULL STATUS. */
    static byte[] in(RawScsiInitiator i, int serviceAction) throws IOException {
        byte[] cdb = {0x5E, (byte) serviceAction, 0, 0, 0, 0, 0, 0x10, 0, 0};
        RawScsiInitiator.Result r = i.execute(0, cdb, null, 4096);
        if (r.status != 0) {
            throw new AssertionError("PERSISTENT RESERVE IN " + serviceAction + ": " + r);
        }
        return r.data;
    }

    static RawScsiInitiator.Result write(RawScsiInitiator i, long lba, long value) throws IOException {
        byte[] cdb = {0x2A, 0, 0, 0, 0, (byte) lba, 0, 0, 1, 0};
        byte[] block = ByteBuffer.allocate(BLOCK).putLong(value).array();
        return i.execute(0, cdb, block, 0);
    }

    static long read(RawScsiInitiator i, long lba) throws IOException {
        byte[] cdb = {0x28, 0, 0, 0, 0, (byte) lba, 0, 0, 1, 0};
        RawScsiInitiator.Result r = i.execute(0, cdb, null, BLOCK);
        if (r.status != 0) {
            throw new AssertionError("READ: " + r);
        }
        return ByteBuffer.wrap(r.data).getLong();
    }

    /** INQUIRY VPD page {@code page}. */
    static byte[] vpd(RawScsiInitiator i, int page) throws IOException {
        return i.execute(0, new byte[] {0x12, 1, (byte) page, 0x01, 0, 0}, null, 256).data;
    }
}
