package io.quiver.iscsi.pdu;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.quiver.scsi.DataDirection;
import io.quiver.scsi.TaskAttribute;

/**
 * Field access for the SCSI Command PDU (RFC 7143, 11.3) and the SCSI Response PDU (11.4). Stateless.
 */
public final class ScsiCommandPdu {

    /** AHSType of an Extended CDB AHS (RFC 7143, 11.2.2.3). */
    public static final int AHS_EXTENDED_CDB = 1;
    /** AHSType of a Bidirectional Read Expected Data Transfer Length AHS. */
    public static final int AHS_BIDI_READ_LENGTH = 2;

    private static final int READ = 0x40;
    private static final int WRITE = 0x20;
    private static final int CDB_OFFSET = 32;
    private static final int CDB_FIELD = 16;

    private ScsiCommandPdu() {
    }

    public static boolean isRead(IscsiPdu pdu) {
        return (pdu.flags() & READ) != 0;
    }

    public static boolean isWrite(IscsiPdu pdu) {
        return (pdu.flags() & WRITE) != 0;
    }

    public static DataDirection direction(IscsiPdu pdu) {
        boolean r = isRead(pdu);
        boolean w = isWrite(pdu);
        return r && w ? DataDirection.BIDIRECTIONAL : r ? DataDirection.IN : w ? DataDirection.OUT : DataDirection.NONE;
    }

    /** The ATTR field; {@code null} for a reserved value. */
    public static TaskAttribute taskAttribute(IscsiPdu pdu) {
        switch (pdu.flags() & 0x07) {
            case 0:
            case 1:
                return TaskAttribute.SIMPLE; // 0 is "untagged", which SAM-5 treats as SIMPLE
            case 2:
                return TaskAttribute.ORDERED;
            case 3:
                return TaskAttribute.HEAD_OF_QUEUE;
            case 4:
                return TaskAttribute.ACA;
            default:
                return null;
        }
    }

    public static long expectedDataTransferLength(IscsiPdu pdu) {
        return pdu.intAt(20) & 0xFFFFFFFFL;
    }

    public static int cmdSn(IscsiPdu pdu) {
        return pdu.intAt(24);
    }

    public static int expStatSn(IscsiPdu pdu) {
        return pdu.intAt(28);
    }

    /**
     * The CDB as the initiator sent it: the 16-byte CDB field, followed by the Extended CDB AHS when there is
     * one. The transport does not parse the CDB, so a short CDB keeps the field's trailing bytes (zero per
     * RFC 7143). A retained slice or composite of the PDU's buffers: release it once.
     *
     * @return the CDB, or {@code null} if the AHS is malformed
     */
    public static ByteBuf cdb(ByteBufAllocator alloc, IscsiPdu pdu) {
        ByteBuf bhs = pdu.bhs();
        ByteBuf field = bhs.retainedSlice(bhs.readerIndex() + CDB_OFFSET, CDB_FIELD);
        ByteBuf ahs = pdu.ahs();
        int i = ahs.readerIndex();
        while (ahs.writerIndex() - i >= 4) {
            int len = ahs.getUnsignedShort(i);
            int type = ahs.getUnsignedByte(i + 2);
            if (len < 1 || i + 3 + len > ahs.writerIndex()) {
                field.release();
                return null;
            }
            if (type == AHS_EXTENDED_CDB) {
                // AHSLength counts the reserved byte after the type, then the CDB bytes beyond 16.
                ByteBuf extra = ahs.retainedSlice(i + 4, len - 1);
                return alloc.compositeDirectBuffer(2).addComponents(true, field, extra);
            }
            i += (3 + len + 3) & ~3;
        }
        return field;
    }

    /**
     * A SCSI Response PDU.
     *
     * @param flags the residual flags (o, u, O, U) of byte 1
     * @param senseAndData the data segment (SenseLength + sense), ownership passes; {@code null} for none
     */
    public static IscsiPdu response(ByteBufAllocator alloc, int itt, int status, int flags, int residual,
            ByteBuf senseAndData) {
        return IscsiPdu.create(alloc, Opcode.SCSI_RESPONSE, 0x80 | flags, senseAndData)
                .setByte(2, 0).setByte(3, status).setInitiatorTaskTag(itt).setInt(44, residual);
    }
}
