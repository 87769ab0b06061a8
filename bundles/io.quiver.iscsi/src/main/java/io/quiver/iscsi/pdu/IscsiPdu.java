package io.quiver.iscsi.pdu;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.util.AbstractReferenceCounted;
import io.netty.util.ReferenceCounted;

/**
 * One iSCSI PDU: a view over its 48-byte Basic Header Segment plus the (possibly empty) Additional Header
 * Segments and data segment, without padding or digests (RFC 7143, 11.2). Reference-counted: releasing the
 * PDU releases the three buffers it owns, exactly once.
 *
 * <p>The family classes of this package ({@link ScsiCommandPdu}, {@link DataPdu}, {@link LoginPdu} ...) read
 * and write the opcode-specific fields. Not thread-safe: a PDU belongs to one connection's event loop.
 */
public final class IscsiPdu extends AbstractReferenceCounted {

    /** Length of the Basic Header Segment. */
    public static final int BHS_LENGTH = 48;
    /** The reserved Initiator/Target Task Tag value 0xffffffff. */
    public static final int RESERVED_TAG = 0xFFFFFFFF;

    private static final int IMMEDIATE = 0x40;
    private static final int FINAL = 0x80;

    private final ByteBuf bhs;
    private final ByteBuf ahs;
    private final ByteBuf data;

    /**
     * Takes ownership of the three buffers.
     *
     * @param bhs exactly {@value #BHS_LENGTH} readable bytes
     * @param ahs the AHS bytes, possibly empty
     * @param data the data segment without padding, possibly empty
     */
    public IscsiPdu(ByteBuf bhs, ByteBuf ahs, ByteBuf data) {
        if (bhs.readableBytes() != BHS_LENGTH) {
            throw new IllegalArgumentException("BHS must be 48 bytes: " + bhs.readableBytes());
        }
        this.bhs = bhs;
        this.ahs = ahs == null ? Unpooled.EMPTY_BUFFER : ahs;
        this.data = data == null ? Unpooled.EMPTY_BUFFER : data;
    }

    /**
     * A new outgoing PDU with a zeroed BHS from {@code alloc}, the given opcode and flags byte, and
     * {@code data} (ownership passes to the PDU; {@code null} for none). The encoder fills in the lengths.
     */
    public static IscsiPdu create(ByteBufAllocator alloc, Opcode opcode, int flags, ByteBuf data) {
        ByteBuf bhs = alloc.directBuffer(BHS_LENGTH, BHS_LENGTH);
        bhs.writeZero(BHS_LENGTH);
        bhs.setByte(0, opcode.code());
        bhs.setByte(1, flags);
        return new IscsiPdu(bhs, null, data);
    }

    public ByteBuf bhs() {
        return bhs;
    }

    public ByteBuf ahs() {
        return ahs;
    }

    /** The data segment; owned by this PDU (retain it to keep it beyond {@link #release()}). */
    public ByteBuf data() {
        return data;
    }

    /** The opcode, or {@code null} for a reserved value. */
    public Opcode opcode() {
        return Opcode.of(bhs.getByte(bhs.readerIndex()));
    }

    public int rawOpcode() {
        return bhs.getByte(bhs.readerIndex()) & 0x3F;
    }

    /** The I bit: an immediate command. */
    public boolean isImmediate() {
        return (bhs.getByte(bhs.readerIndex()) & IMMEDIATE) != 0;
    }

    public IscsiPdu setImmediate(boolean immediate) {
        int b0 = bhs.getByte(bhs.readerIndex()) & 0xFF;
        bhs.setByte(bhs.readerIndex(), immediate ? b0 | IMMEDIATE : b0 & ~IMMEDIATE);
        return this;
    }

    /** BHS byte 1: the F bit and the opcode-specific flags. */
    public int flags() {
        return byteAt(1);
    }

    /** The F (final) bit. */
    public boolean isFinal() {
        return (flags() & FINAL) != 0;
    }

    /** TotalAHSLength in bytes, as the BHS declares it. */
    public int totalAhsLength() {
        return byteAt(4) * 4;
    }

    /** DataSegmentLength as the BHS declares it. */
    public int dataSegmentLength() {
        return bhs.getUnsignedMedium(bhs.readerIndex() + 5);
    }

    /** The LUN field (bytes 8..15) of PDUs that carry one. */
    public long lun() {
        return bhs.getLong(bhs.readerIndex() + 8);
    }

    public IscsiPdu setLun(long lun) {
        bhs.setLong(bhs.readerIndex() + 8, lun);
        return this;
    }

    /** The Initiator Task Tag (bytes 16..19). */
    public int initiatorTaskTag() {
        return intAt(16);
    }

    public IscsiPdu setInitiatorTaskTag(int tag) {
        return setInt(16, tag);
    }

    public int byteAt(int offset) {
        return bhs.getByte(bhs.readerIndex() + offset) & 0xFF;
    }

    public int shortAt(int offset) {
        return bhs.getUnsignedShort(bhs.readerIndex() + offset);
    }

    public int intAt(int offset) {
        return bhs.getInt(bhs.readerIndex() + offset);
    }

    public IscsiPdu setByte(int offset, int value) {
        bhs.setByte(bhs.readerIndex() + offset, value);
        return this;
    }

    public IscsiPdu setShort(int offset, int value) {
        bhs.setShort(bhs.readerIndex() + offset, value);
        return this;
    }

    public IscsiPdu setInt(int offset, int value) {
        bhs.setInt(bhs.readerIndex() + offset, value);
        return this;
    }

    /** Writes TotalAHSLength and DataSegmentLength from the buffers this PDU holds. */
    public IscsiPdu updateLengths() {
        setByte(4, (ahs.readableBytes() + 3) / 4);
        bhs.setMedium(bhs.readerIndex() + 5, data.readableBytes());
        return this;
    }

    @Override
    public IscsiPdu retain() {
        super.retain();
        return this;
    }

    @Override
    public ReferenceCounted touch(Object hint) {
        bhs.touch(hint);
        ahs.touch(hint);
        data.touch(hint);
        return this;
    }

    @Override
    protected void deallocate() {
        bhs.release();
        ahs.release();
        data.release();
    }

    @Override
    public String toString() {
        Opcode op = opcode();
        return (op == null ? "opcode 0x" + Integer.toHexString(rawOpcode()) : op.name())
                + " itt=0x" + Integer.toHexString(initiatorTaskTag()) + " dsl=" + data.readableBytes();
    }
}
