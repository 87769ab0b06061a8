package io.quiver.sbc.impl;

import io.netty.buffer.ByteBuf;
import io.quiver.spi.device.CommandDescriptor;

/**
 * Rejects a CDB that sets a bit its command's CDB usage map ({@link CommandTable}) leaves 0: SPC-4 4.3.2
 * lets a device server terminate a command with a non-zero reserved field with ILLEGAL REQUEST, INVALID
 * FIELD IN CDB, and reporting a usage map commits it to exactly those bits. One check for every command,
 * so no command class has to repeat it. Stateless; safe on any thread.
 */
final class ReservedFields {

    private ReservedFields() {
    }

    /** INVALID FIELD IN CDB pointing at the highest reserved bit set, if any. */
    static void check(ByteBuf cdb) throws SenseException {
        int base = cdb.readerIndex();
        if (!cdb.isReadable(2)) {
            return;
        }
        CommandDescriptor c = CommandTable.find(cdb.getUnsignedByte(base), cdb.getUnsignedByte(base + 1));
        if (c == null) {
            return;
        }
        byte[] usage = c.cdbUsageMap();
        int length = Math.min(usage.length, cdb.readableBytes());
        for (int i = 1; i < length; i++) {
            int reserved = cdb.getUnsignedByte(base + i) & ~usage[i] & 0xFF;
            if (reserved != 0) {
                throw Senses.invalidCdb(i, 31 - Integer.numberOfLeadingZeros(reserved));
            }
        }
    }
}
