package io.quiver.handler.cdrom.impl;

import io.netty.buffer.ByteBuf;

/**
 * Big-endian field access to a CDB relative to its reader index, so callers write CDB byte offsets as
 * MMC tables give them. A view over the task's buffer: valid while the task is; used by one thread.
 */
final class Cdb {

    private final ByteBuf cdb;
    private final int base;

    Cdb(ByteBuf cdb) {
        this.cdb = cdb;
        this.base = cdb.readerIndex();
    }

    /** CDB length in bytes. */
    int length() {
        return cdb.readableBytes();
    }

    int u8(int offset) {
        return cdb.getUnsignedByte(base + offset);
    }

    int u16(int offset) {
        return cdb.getUnsignedShort(base + offset);
    }

    long u32(int offset) {
        return cdb.getUnsignedInt(base + offset);
    }

    boolean bit(int offset, int bit) {
        return (u8(offset) & (1 << bit)) != 0;
    }
}
