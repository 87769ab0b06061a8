package io.quiver.transport.srp.iu;

import io.netty.buffer.ByteBuf;

/**
 * SRP_TSK_MGMT (SRP r16a 6.7, 48 bytes): a task management function for a logical unit, with the tag of the
 * task it refers to for ABORT TASK. The function code is not checked here: an unknown one is answered with
 * {@link SrpResponseCode#FUNCTION_NOT_SUPPORTED} by the channel.
 *
 * @param solicitedNotification the SOLNT bit
 * @param tag TAG of this request
 * @param lun LOGICAL UNIT NUMBER
 * @param function TASK MANAGEMENT FLAGS ({@link #ABORT_TASK} ...)
 * @param taskTag TAG OF TASK TO BE MANAGED
 */
public record TaskManagementIu(boolean solicitedNotification, long tag, long lun, int function, long taskTag)
        implements SrpIu {

    /** ABORT TASK. */
    public static final int ABORT_TASK = 0x01;
    /** ABORT TASK SET. */
    public static final int ABORT_TASK_SET = 0x02;
    /** CLEAR TASK SET. */
    public static final int CLEAR_TASK_SET = 0x04;
    /** LOGICAL UNIT RESET. */
    public static final int LUN_RESET = 0x08;
    /** CLEAR ACA. */
    public static final int CLEAR_ACA = 0x40;

    @Override
    public int opcode() {
        return Srp.TSK_MGMT;
    }

    /** Decodes the 48-byte IU; any other length ends the channel. */
    public static TaskManagementIu decode(ByteBuf iu) throws SrpProtocolException {
        IuChecks.opcode(iu, Srp.TSK_MGMT);
        IuChecks.exactLength(iu, Srp.TSK_MGMT_LENGTH, "SRP_TSK_MGMT");
        int i = iu.readerIndex();
        return new TaskManagementIu((iu.getByte(i + 1) & Srp.SOLICITED_NOTIFICATION) != 0, iu.getLong(i + 8),
                iu.getLong(i + 20), iu.getUnsignedByte(i + 30), iu.getLong(i + 32));
    }

    @Override
    public void encode(ByteBuf out) {
        out.writeByte(Srp.TSK_MGMT).writeByte(solicitedNotification ? Srp.SOLICITED_NOTIFICATION : 0).writeZero(6)
                .writeLong(tag).writeZero(4).writeLong(lun).writeZero(2).writeByte(function).writeZero(1)
                .writeLong(taskTag).writeZero(8);
    }
}
