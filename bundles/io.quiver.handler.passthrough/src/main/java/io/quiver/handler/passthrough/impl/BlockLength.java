package io.quiver.handler.passthrough.impl;

import io.netty.buffer.ByteBuf;

/**
 * The real device's current logical block length, which {@link CdbTable} needs to turn a READ's or WRITE's block
 * count into bytes, as SCST's core keeps {@code dev->block_size}: learnt from what passes through (a READ
 * CAPACITY (10) or (16) answer, the block descriptor of a MODE SENSE answer or of a MODE SELECT that succeeded;
 * for a tape drive the descriptor's length is the fixed-mode block length, 0 in variable mode). Never asked of the
 * device by Quiver itself: such a command's status could take a unit attention every initiator must see, while
 * initiators read capacity and mode parameters first anyway (sd, st, libiscsi). While it is 0 the table takes
 * such lengths from the initiator. Thread-safe.
 */
final class BlockLength {

    private volatile long value;

    /** The block length in bytes, or 0 while not known. */
    long value() {
        return value;
    }

    /** A GOOD answer to {@code cdb} with {@code dataIn}: its block length, if it has one. */
    void observed(ByteBuf cdb, ByteBuf dataIn) {
        int opcode = cdb.getUnsignedByte(cdb.readerIndex());
        int sa = opcode == 0x9E && cdb.readableBytes() > 1 ? CdbInfo.serviceAction(cdb) : -1;
        int at = dataIn.readerIndex();
        int n = dataIn.readableBytes();
        if (opcode == 0x25 && n >= 8) {
            value = dataIn.getUnsignedInt(at + 4);
        } else if (opcode == 0x9E && sa == 0x10 && n >= 12) {
            value = dataIn.getUnsignedInt(at + 8);
        } else if (opcode == 0x1A || opcode == 0x5A) {
            set(descriptor(opcode == 0x1A, dataIn));
        }
    }

    /** The block length a MODE SELECT's parameter list ({@code dataOut}) sets, or -1: {@link #set} it once GOOD. */
    static long selected(int opcode, ByteBuf dataOut) {
        return opcode == 0x15 || opcode == 0x55 ? descriptor(opcode == 0x15, dataOut) : -1;
    }

    /** Takes {@code length} unless it is -1 (nothing said). */
    void set(long length) {
        if (length >= 0) {
            value = length;
        }
    }

    /** The first block descriptor's BLOCK LENGTH in mode parameters (6- or 10-byte header), or -1 if none. */
    private static long descriptor(boolean six, ByteBuf p) {
        int at = p.readerIndex();
        int n = p.readableBytes();
        int header = six ? 4 : 8;
        if (n < header) {
            return -1;
        }
        int descriptors = six ? p.getUnsignedByte(at + 3) : p.getUnsignedShort(at + 6);
        boolean longLba = !six && (p.getByte(at + 4) & 0x01) != 0;
        if (longLba && descriptors >= 16 && n >= header + 16) {
            return p.getUnsignedInt(at + header + 12);
        }
        return !longLba && descriptors >= 8 && n >= header + 8 ? p.getUnsignedMedium(at + header + 5) : -1;
    }
}
