package io.quiver.handler.cdrom.impl;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.quiver.scsi.AdditionalSense;
import io.quiver.scsi.SenseBuilder;
import io.quiver.scsi.SenseKey;

/**
 * READ TOC/PMA/ATIP, READ DISC INFORMATION and READ TRACK INFORMATION (MMC-6 6.32, 6.22, 6.26) for the
 * only layout an image has: one complete session holding one data track (mode 1, 2048-byte blocks) that
 * starts at LBA 0 and ends where the image ends. Stateless; safe on any thread.
 */
final class DiscResponses {

    private static final int LEAD_OUT = 0xAA;
    /** ADR 1 (Q sub-channel position), CONTROL 4 (data track, recorded uninterrupted). */
    private static final int ADR_CONTROL_DATA = 0x14;

    private DiscResponses() {
    }

    /** READ TOC/PMA/ATIP formats 0 (TOC) and 1 (session information). */
    static ByteBuf readToc(Cdb cdb, long blocks, ByteBufAllocator alloc) throws CheckCondition {
        boolean msf = cdb.bit(1, 1);
        int format = cdb.u8(2) & 0x0F;
        if (format == 0 && (cdb.u8(9) >> 6) != 0) {
            format = cdb.u8(9) >> 6; // SFF-8020 drives took the format from the control byte
        }
        int track = cdb.u8(6);
        if (format == 1) {
            ByteBuf out = alloc.directBuffer(12);
            out.writeShort(10).writeByte(1).writeByte(1);
            descriptor(out, 1, 0, msf);
            return out;
        }
        if (format != 0) {
            throw CheckCondition.invalidField(2, 3);
        }
        if (track > 1 && track != LEAD_OUT) {
            throw CheckCondition.invalidField(6, -1);
        }
        int descriptors = track == LEAD_OUT ? 1 : 2;
        ByteBuf out = alloc.directBuffer(4 + 8 * descriptors);
        out.writeShort(2 + 8 * descriptors).writeByte(1).writeByte(1);
        if (track != LEAD_OUT) {
            descriptor(out, 1, 0, msf);
        }
        descriptor(out, LEAD_OUT, blocks, msf);
        return out;
    }

    /** READ DISC INFORMATION, data type 000b (standard disc information). */
    static ByteBuf readDiscInformation(Cdb cdb, ByteBufAllocator alloc) throws CheckCondition {
        if ((cdb.u8(1) & 0x07) != 0) {
            throw CheckCondition.invalidField(1, 2);
        }
        ByteBuf out = alloc.directBuffer(34);
        out.writeShort(32);
        out.writeByte(0x0E); // not erasable, last session complete (11b), disc finalized (10b)
        out.writeByte(1); // first track on disc
        out.writeByte(1); // number of sessions (LSB)
        out.writeByte(1); // first track number in last session (LSB)
        out.writeByte(1); // last track number in last session (LSB)
        out.writeByte(0); // DID_V, DBC_V, URU: nothing valid
        out.writeByte(0x00); // disc type: CD-DA or CD-ROM
        out.writeZero(3); // MSBs of sessions and tracks
        out.writeInt(0); // disc identification
        out.writeInt(0xFFFFFFFF); // last session lead-in start: none on a complete disc
        out.writeInt(0xFFFFFFFF); // last possible lead-out start: none on a complete disc
        out.writeLong(0); // disc bar code
        out.writeByte(0); // disc application code
        out.writeByte(0); // number of OPC tables
        return out;
    }

    /** READ TRACK INFORMATION by LBA (00b), track number (01b) or session number (10b). */
    static ByteBuf readTrackInformation(Cdb cdb, long blocks, ByteBufAllocator alloc) throws CheckCondition {
        int type = cdb.u8(1) & 0x03;
        long number = cdb.u32(2);
        switch (type) {
            case 0:
                if (number >= blocks) {
                    throw new CheckCondition(new SenseBuilder(SenseKey.ILLEGAL_REQUEST,
                            AdditionalSense.LOGICAL_BLOCK_ADDRESS_OUT_OF_RANGE).information(number).build());
                }
                break;
            case 1:
            case 2:
                if (number != 1) {
                    throw CheckCondition.invalidField(2, -1);
                }
                break;
            default:
                throw CheckCondition.invalidField(1, 1);
        }
        ByteBuf out = alloc.directBuffer(36);
        out.writeShort(34);
        out.writeByte(1); // track number (LSB)
        out.writeByte(1); // session number (LSB)
        out.writeByte(0);
        out.writeByte(0x04); // track mode: data, recorded uninterrupted
        out.writeByte(0x01); // data mode 1
        out.writeByte(0); // LRA_V, NWA_V: a read-only track has neither
        out.writeInt(0); // track start address
        out.writeInt(0); // next writable address
        out.writeInt(0); // free blocks
        out.writeInt(0); // fixed packet size
        out.writeInt((int) blocks); // track size
        out.writeInt(0); // last recorded address (not valid)
        out.writeByte(0).writeByte(0).writeShort(0); // track and session MSBs, reserved
        return out;
    }

    private static void descriptor(ByteBuf out, int track, long lba, boolean msf) {
        out.writeByte(0).writeByte(ADR_CONTROL_DATA).writeByte(track).writeByte(0);
        if (msf) {
            long frames = lba + 150; // the 2-second pregap before LBA 0
            out.writeByte(0).writeByte((int) (frames / (60 * 75))).writeByte((int) (frames / 75 % 60))
                    .writeByte((int) (frames % 75));
        } else {
            out.writeInt((int) lba);
        }
    }
}
