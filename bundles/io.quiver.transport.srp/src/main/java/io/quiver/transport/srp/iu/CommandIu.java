package io.quiver.transport.srp.iu;

import io.netty.buffer.ByteBuf;
import io.quiver.scsi.DataDirection;
import io.quiver.scsi.TaskAttribute;

/**
 * SRP_CMD (SRP r16a 6.8, 48 bytes plus additional CDB and data buffer descriptors; SRP-2 immediate data). The
 * CDB is a slice of the received IU: the 16-byte CDB field plus ADDITIONAL CDB LENGTH times 4 bytes, trailing
 * zero padding included (the core takes the length from the operation code).
 *
 * @param solicitedNotification the SOLNT bit
 * @param tag TAG
 * @param lun LOGICAL UNIT NUMBER
 * @param taskAttribute TASK ATTRIBUTE
 * @param cdb CDB and additional CDB (16 + 4n bytes), not retained
 * @param dataOut the data-out buffer ({@link DataBuffer#none()} if none)
 * @param dataIn the data-in buffer ({@link DataBuffer#none()} if none)
 * @param immediateDataOffset where immediate data starts in the IU, as negotiated at login; used only when
 *        {@code dataOut} is immediate
 */
public record CommandIu(boolean solicitedNotification, long tag, long lun, TaskAttribute taskAttribute, ByteBuf cdb,
        DataBuffer dataOut, DataBuffer dataIn, int immediateDataOffset) implements SrpIu {

    @Override
    public int opcode() {
        return Srp.CMD;
    }

    /**
     * Decodes one received SRP_CMD.
     *
     * @param immediateDataOffset the offset granted at login, or 0 if immediate data was not granted
     * @throws SrpProtocolException for any field SRP r16a/SRP-2 do not allow, with the reply it deserves
     */
    public static CommandIu decode(ByteBuf iu, int immediateDataOffset) throws SrpProtocolException {
        return CommandParser.parse(iu, immediateDataOffset);
    }

    /** The direction the descriptors announce. */
    public DataDirection direction() {
        boolean out = dataOut.format() != DataBuffer.NONE;
        boolean in = dataIn.format() != DataBuffer.NONE;
        return out && in ? DataDirection.BIDIRECTIONAL : out ? DataDirection.OUT : in ? DataDirection.IN
                : DataDirection.NONE;
    }

    /** The expected data transfer length: data-out's length, else data-in's. */
    public long expectedDataTransferLength() {
        return dataOut.format() != DataBuffer.NONE ? dataOut.length() : dataIn.length();
    }

    /** The IU's length once encoded. */
    public int encodedLength() {
        int header = Srp.CMD_LENGTH + additionalCdbLength() + dataOut.descriptorLength() + dataIn.descriptorLength();
        return dataOut.format() == DataBuffer.IMMEDIATE ? immediateDataOffset + (int) dataOut.length() : header;
    }

    private int additionalCdbLength() {
        return Math.max(0, (cdb.readableBytes() - 16 + 3) & ~3);
    }

    /**
     * Appends the IU as Linux's ib_srp builds it: the CDB zero-padded to 16 + 4n bytes, data-out descriptor
     * before data-in, and immediate data at {@link #immediateDataOffset()}.
     *
     * @throws IllegalArgumentException if immediate data would overlap the descriptors
     */
    @Override
    public void encode(ByteBuf out) {
        int start = out.writerIndex();
        int addCdb = additionalCdbLength();
        out.writeByte(Srp.CMD).writeByte(solicitedNotification ? Srp.SOLICITED_NOTIFICATION : 0).writeZero(3)
                .writeByte(dataOut.format() << 4 | dataIn.format()).writeByte(dataOut.descriptorCount())
                .writeByte(dataIn.descriptorCount()).writeLong(tag).writeZero(4).writeLong(lun).writeZero(1)
                .writeByte(CommandParser.attributeCode(taskAttribute)).writeZero(1).writeByte(addCdb);
        out.writeBytes(cdb, cdb.readerIndex(), cdb.readableBytes()).writeZero(16 + addCdb - cdb.readableBytes());
        dataOut.writeDescriptor(out);
        dataIn.writeDescriptor(out);
        if (dataOut.format() == DataBuffer.IMMEDIATE) {
            int pad = immediateDataOffset - (out.writerIndex() - start);
            if (pad < 0) {
                throw new IllegalArgumentException("immediate data offset " + immediateDataOffset
                        + " overlaps the descriptors");
            }
            ByteBuf data = dataOut.immediateData();
            out.writeZero(pad).writeBytes(data, data.readerIndex(), data.readableBytes());
        }
    }
}
