package io.quiver.core.impl.target;

import io.netty.buffer.ByteBuf;
import io.quiver.scsi.DataDirection;
import io.quiver.scsi.PeripheralDeviceType;
import io.quiver.scsi.ScsiOpcode;

/**
 * The blocks a task may read or change, as restricted reordering (QUEUE ALGORITHM MODIFIER 0, SAM-5
 * 8.6.2 and SPC-4's Control mode page) needs them: two tasks may run in either order unless their blocks
 * overlap and one of them changes the medium. Decoded from the CDB for the SBC commands that name their
 * blocks (READ, WRITE, WRITE AND VERIFY, VERIFY, COMPARE AND WRITE, ORWRITE, WRITE SAME, PRE-FETCH,
 * SYNCHRONIZE CACHE in their 6/10/12/16-byte forms) on a direct-access device; any other task, or any
 * task of another device type (a tape's position makes every command depend on every other), covers the
 * whole medium, which is what the core assumed of every task before. A task changes the medium if it
 * carries data-out (MODE SELECT too: conservatively) or is a WRITE SAME or FORMAT UNIT, which may not.
 * Immutable.
 *
 * @param first the first block
 * @param end one past the last block ({@link Long#MAX_VALUE}: to the end of the medium)
 * @param changes whether the task may change the blocks
 */
record MediumRange(long first, long end, boolean changes) {

    /** What a task with {@code cdb} (not consumed) and {@code direction} touches on a device of {@code type}. */
    static MediumRange of(ByteBuf cdb, DataDirection direction, PeripheralDeviceType type) {
        Cdb t = new Cdb(cdb);
        boolean changes = direction == DataDirection.OUT || direction == DataDirection.BIDIRECTIONAL;
        int op = t.cdbByte(0);
        changes |= op == ScsiOpcode.WRITE_SAME_10 || op == ScsiOpcode.WRITE_SAME_16 || op == ScsiOpcode.FORMAT_UNIT;
        if (type != PeripheralDeviceType.DIRECT_ACCESS_BLOCK) {
            return new MediumRange(0, Long.MAX_VALUE, changes);
        }
        switch (op) {
            case ScsiOpcode.READ_6, ScsiOpcode.WRITE_6: {
                long lba = (t.cdbByte(1) & 0x1F) << 16 | t.cdbByte(2) << 8 | t.cdbByte(3);
                int blocks = t.cdbByte(4);
                return new MediumRange(lba, lba + (blocks == 0 ? 256 : blocks), changes);
            }
            case ScsiOpcode.READ_10, ScsiOpcode.WRITE_10, ScsiOpcode.WRITE_AND_VERIFY_10, ScsiOpcode.VERIFY_10,
                    ScsiOpcode.PRE_FETCH_10, ScsiOpcode.SYNCHRONIZE_CACHE_10, ScsiOpcode.WRITE_SAME_10:
                return span(bytes(t, 2, 4), bytes(t, 7, 2), changes);
            case ScsiOpcode.READ_12, ScsiOpcode.WRITE_12, ScsiOpcode.WRITE_AND_VERIFY_12, ScsiOpcode.VERIFY_12:
                return span(bytes(t, 2, 4), bytes(t, 6, 4), changes);
            case ScsiOpcode.COMPARE_AND_WRITE:
                return span(bytes(t, 2, 8), t.cdbByte(13), changes);
            case ScsiOpcode.READ_16, ScsiOpcode.WRITE_16, ScsiOpcode.ORWRITE_16, ScsiOpcode.WRITE_AND_VERIFY_16,
                    ScsiOpcode.VERIFY_16, ScsiOpcode.PRE_FETCH_16, ScsiOpcode.SYNCHRONIZE_CACHE_16,
                    ScsiOpcode.WRITE_SAME_16:
                return span(bytes(t, 2, 8), bytes(t, 10, 4), changes);
            default:
                return new MediumRange(0, Long.MAX_VALUE, changes);
        }
    }

    /**
     * Whether this task and {@code other} must keep their order: their blocks overlap and one of them
     * changes them.
     */
    boolean conflicts(MediumRange other) {
        return (changes || other.changes) && first < other.end && other.first < end;
    }

    /** {@code blocks} from {@code lba}; 0 blocks is taken as "to the end" (WRITE SAME, PRE-FETCH, SYNCHRONIZE CACHE say so). */
    private static MediumRange span(long lba, long blocks, boolean changes) {
        if (lba < 0) {
            return new MediumRange(0, Long.MAX_VALUE, changes); // an LBA beyond 2^63: the device refuses it
        }
        long end = blocks == 0 || lba + blocks < lba ? Long.MAX_VALUE : lba + blocks;
        return new MediumRange(lba, end, changes);
    }

    /** CDB bytes, unsigned, 0 beyond the CDB (a short CDB the device will refuse anyway). */
    private record Cdb(ByteBuf b) {
        int cdbByte(int i) {
            return i < b.readableBytes() ? b.getUnsignedByte(b.readerIndex() + i) : 0;
        }
    }

    private static long bytes(Cdb t, int at, int n) {
        long v = 0;
        for (int i = 0; i < n; i++) {
            v = v << 8 | t.cdbByte(at + i);
        }
        return v;
    }
}
