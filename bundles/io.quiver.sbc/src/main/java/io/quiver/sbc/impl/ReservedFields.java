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

    /**
     * INVALID FIELD IN CDB pointing at the operation code if the CDB is shorter than its group code says
     * (a transport may hand over fewer bytes than the command has), else at the highest reserved bit set,
     * if any.
     */
    static void check(ByteBuf cdb) throws SenseException {
        int base = cdb.readerIndex();
        if (!cdb.isReadable(Math.max(2, groupLength(cdb.getUnsignedByte(base))))) {
            throw Senses.invalidCdb(0, -1);
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

    /** The CDB length an operation code's group code fixes (SPC-4 4.2.5.1); 0 where it fixes none. */
    static int groupLength(int opcode) {
        switch (opcode >>> 5) {
            case 0:
                return 6;
            case 1:
            case 2:
                return 10;
            case 4:
                return 16;
            case 5:
                return 12;
            default:
                return 0;
        }
    }
}
