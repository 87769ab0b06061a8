package io.quiver.itests;

import io.quiver.transport.iscsi.impl.session.RawScsiInitiator;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * SPC-4 PERSISTENT RESERVE IN/OUT and one-block READ/WRITE (10) over a {@link RawScsiInitiator} (CDBs from
 * {@link Cdb}), for the cluster tests: what sg_persist would send through a kernel initiator. Stateless.
 */
final class PrCommands {

    static final int CLEAR = 3;
    static final int PREEMPT_AND_ABORT = 5;
    static final int REGISTER_AND_IGNORE = 6;
    static final int BLOCK = 512;

    private PrCommands() {
    }

    static RawScsiInitiator.Result out(RawScsiInitiator i, int serviceAction, int type, long key, long serviceActionKey)
            throws IOException {
        return out(i, serviceAction, type, key, serviceActionKey, false);
    }

    /** PERSISTENT RESERVE OUT with the APTPL bit (activate persist through power loss) as given. */
    static RawScsiInitiator.Result out(RawScsiInitiator i, int serviceAction, int type, long key, long serviceActionKey,
            boolean aptpl) throws IOException {
        return i.execute(0, Cdb.persistentReserveOut(serviceAction, type),
                Cdb.prOutParameters(key, serviceActionKey, aptpl), 0);
    }

    /** PERSISTENT RESERVE IN: 0 READ KEYS, 1 READ RESERVATION, 3 READ FULL STATUS. */
    static byte[] in(RawScsiInitiator i, int serviceAction) throws IOException {
        RawScsiInitiator.Result r = i.execute(0, Cdb.persistentReserveIn(serviceAction, 4096), null, 4096);
        if (r.status != 0) {
            throw new AssertionError("PERSISTENT RESERVE IN " + serviceAction + ": " + r);
        }
        return r.data;
    }

    static RawScsiInitiator.Result write(RawScsiInitiator i, int lba, long value) throws IOException {
        return i.execute(0, Cdb.write10(lba, 1), ByteBuffer.allocate(BLOCK).putLong(value).array(), 0);
    }

    /** COMPARE AND WRITE of one block: if it holds {@code expected}, it becomes {@code value}. */
    static RawScsiInitiator.Result compareAndWrite(RawScsiInitiator i, int lba, long expected, long value)
            throws IOException {
        byte[] cdb = new byte[16];
        cdb[0] = (byte) 0x89;
        ByteBuffer.wrap(cdb).putLong(2, lba);
        cdb[13] = 1;
        byte[] data = ByteBuffer.allocate(2 * BLOCK).putLong(0, expected).putLong(BLOCK, value).array();
        return i.execute(0, cdb, data, 0);
    }

    static long read(RawScsiInitiator i, int lba) throws IOException {
        RawScsiInitiator.Result r = i.execute(0, Cdb.read10(lba, 1), null, BLOCK);
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
