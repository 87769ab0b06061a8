package io.quiver.transport.iscsi.impl.iser;

import io.netty.buffer.ByteBuf;

/**
 * The iSER CM REQ / REP private data on InfiniBand and RoCE (the InfiniBand Architecture's iSER annex A12,
 * which RFC 7145 leaves to the fabric; Linux's {@code struct iser_cm_hdr}): one flags byte and three reserved. In a request, Z says the initiator's
 * advertised buffers are addressed by virtual address, not zero-based (Linux always sets it), and I that it
 * cannot take Send with Invalidate; in an accept, the same bits say the target will not use either. Private
 * data arrives zero-padded to the CM's size, so an all-zero tail is normal. Immutable.
 *
 * @param zeroBasedNotSupported the Z flag
 * @param sendWithInvalidateNotSupported the I flag
 */
public record IserCmPrivateData(boolean zeroBasedNotSupported, boolean sendWithInvalidateNotSupported) {

    /** Bytes of the header. */
    public static final int LENGTH = 4;
    static final int ZBVA_NOT_SUPPORTED = 0x80;
    static final int SEND_WITH_INVALIDATE_NOT_SUPPORTED = 0x40;

    /**
     * Reads the flags at {@code in}'s reader index without moving it. An initiator that sent no private data
     * (some older ones) is taken as Linux's: virtual addresses, no Send with Invalidate.
     */
    public static IserCmPrivateData decode(ByteBuf in) {
        if (!in.isReadable()) {
            return new IserCmPrivateData(true, true);
        }
        int flags = in.getUnsignedByte(in.readerIndex());
        return new IserCmPrivateData((flags & ZBVA_NOT_SUPPORTED) != 0,
                (flags & SEND_WITH_INVALIDATE_NOT_SUPPORTED) != 0);
    }

    /** Writes the 4 bytes at {@code out}'s writer index. */
    public void encode(ByteBuf out) {
        out.writeByte((zeroBasedNotSupported ? ZBVA_NOT_SUPPORTED : 0)
                | (sendWithInvalidateNotSupported ? SEND_WITH_INVALIDATE_NOT_SUPPORTED : 0)).writeMedium(0);
    }
}
