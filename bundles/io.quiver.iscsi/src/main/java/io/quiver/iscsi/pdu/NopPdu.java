package io.quiver.iscsi.pdu;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

/** Field access for NOP-Out (RFC 7143, 11.18) and building of NOP-In (11.19). Stateless. */
public final class NopPdu {

    private NopPdu() {
    }

    public static int targetTransferTag(IscsiPdu pdu) {
        return pdu.intAt(20);
    }

    public static int cmdSn(IscsiPdu pdu) {
        return pdu.intAt(24);
    }

    /** The NOP-In answering a NOP-Out: same ITT and LUN, the ping data echoed (ownership passes). */
    public static IscsiPdu echo(ByteBufAllocator alloc, long lun, int itt, ByteBuf pingData) {
        return IscsiPdu.create(alloc, Opcode.NOP_IN, 0x80, pingData).setLun(lun).setInitiatorTaskTag(itt)
                .setInt(20, IscsiPdu.RESERVED_TAG);
    }

    /** A target-initiated ping asking for a NOP-Out answer carrying {@code ttt}. */
    public static IscsiPdu ping(ByteBufAllocator alloc, int ttt) {
        return IscsiPdu.create(alloc, Opcode.NOP_IN, 0x80, null).setInitiatorTaskTag(IscsiPdu.RESERVED_TAG)
                .setInt(20, ttt);
    }
}
