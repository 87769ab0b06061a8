package io.quiver.handler.passthrough.impl;

import io.netty.buffer.ByteBuf;
import io.quiver.scsi.DataDirection;

/**
 * What a CDB says about its data, as {@link CdbTable} decodes it (SCST's {@code scst_cdb_info}): the direction the
 * opcode moves data in, and how many bytes its CDB calls for. Immutable. The static helpers read big-endian CDB
 * fields relative to the CDB's reader index and build the entries of the per-type tables.
 *
 * @param direction the opcode's direction: {@link DataDirection#NONE} for commands without data, whatever the
 *     initiator announced
 * @param length bytes the CDB calls for (ALLOCATION LENGTH, PARAMETER LIST LENGTH, TRANSFER LENGTH times the
 *     block size); {@link #FROM_INITIATOR} when the CDB does not say (the length is in the parameter data, or the
 *     block size is not known yet): the initiator's expected length is used then
 */
record CdbInfo(DataDirection direction, long length) {

    /** The length is not in the CDB: take the initiator's. */
    static final long FROM_INITIATOR = -1;
    /** A command without data. */
    static final CdbInfo NONE = new CdbInfo(DataDirection.NONE, 0);

    /** Data-in of {@code length} bytes. */
    static CdbInfo in(long length) {
        return new CdbInfo(DataDirection.IN, length);
    }

    /** Data-out of {@code length} bytes. */
    static CdbInfo out(long length) {
        return new CdbInfo(DataDirection.OUT, length);
    }

    /** {@code count} blocks of {@code blockLength} bytes; {@link #FROM_INITIATOR} while the block length is unknown. */
    static long blocks(long count, long blockLength) {
        return count == 0 ? 0 : blockLength > 0 ? count * blockLength : FROM_INITIATOR;
    }

    /** The byte at {@code at}. */
    static int u8(ByteBuf cdb, int at) {
        return cdb.getUnsignedByte(cdb.readerIndex() + at);
    }

    /** The two bytes at {@code at}. */
    static int u16(ByteBuf cdb, int at) {
        return cdb.getUnsignedShort(cdb.readerIndex() + at);
    }

    /** The three bytes at {@code at}. */
    static int u24(ByteBuf cdb, int at) {
        return cdb.getUnsignedMedium(cdb.readerIndex() + at);
    }

    /** The four bytes at {@code at}. */
    static long u32(ByteBuf cdb, int at) {
        return cdb.getUnsignedInt(cdb.readerIndex() + at);
    }

    /** The service action of a CDB that has one in byte 1 (bits 4-0). */
    static int serviceAction(ByteBuf cdb) {
        return u8(cdb, 1) & 0x1F;
    }
}
