package io.quiver.handler.cdrom.impl;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.quiver.scsi.AdditionalSense;
import io.quiver.scsi.SenseData;
import io.quiver.scsi.SenseKey;

/**
 * The drive-status commands that work without a medium: GET EVENT STATUS NOTIFICATION (polled, media
 * class only), MECHANISM STATUS and MODE SENSE (6)/(10) with the CD Capabilities and Mechanical Status page
 * (2Ah). Stateless; safe on any thread.
 */
final class StatusResponses {

    /** Notification class bit 4: media. */
    private static final int MEDIA_CLASS_MASK = 0x10;
    private static final int MEDIA_CLASS = 4;
    private static final int CAPABILITIES_PAGE = 0x2A;
    private static final int ALL_PAGES = 0x3F;
    private static final int CAPABILITIES_LENGTH = 32;

    private StatusResponses() {
    }

    /** GET EVENT STATUS NOTIFICATION; consumes the drive's pending media event if media was asked for. */
    static ByteBuf eventStatus(Cdb cdb, Drive drive, ByteBufAllocator alloc) throws CheckCondition {
        if (!cdb.bit(1, 0)) {
            throw CheckCondition.invalidField(1, 0); // asynchronous notification is not offered
        }
        if ((cdb.u8(4) & MEDIA_CLASS_MASK) == 0) {
            ByteBuf out = alloc.directBuffer(4);
            out.writeShort(2).writeByte(0x80).writeByte(MEDIA_CLASS_MASK); // NEA: no requested class
            return out;
        }
        int event = drive.takeMediaEvent();
        Drive.State s = drive.state();
        ByteBuf out = alloc.directBuffer(8);
        out.writeShort(6).writeByte(MEDIA_CLASS).writeByte(MEDIA_CLASS_MASK);
        out.writeByte(event).writeByte((s.present() ? 0x02 : 0) | (s.trayOpen() ? 0x01 : 0));
        out.writeByte(0).writeByte(0); // start and end slot
        return out;
    }

    /** MECHANISM STATUS: no changer, idle mechanism, door state. */
    static ByteBuf mechanismStatus(Drive.State s, ByteBufAllocator alloc) {
        ByteBuf out = alloc.directBuffer(8);
        out.writeByte(0); // no fault, changer ready, slot 0
        out.writeByte(s.trayOpen() ? 0x10 : 0); // mechanism idle, door open bit
        out.writeMedium(0); // current LBA (obsolete)
        out.writeByte(0); // number of slots available
        out.writeShort(0); // length of slot tables
        return out;
    }

    /** MODE SENSE (6) when {@code ten} is false, else MODE SENSE (10). */
    static ByteBuf modeSense(Cdb cdb, boolean ten, Drive.State s, ByteBufAllocator alloc) throws CheckCondition {
        int pc = cdb.u8(2) >> 6;
        int page = cdb.u8(2) & 0x3F;
        int subpage = cdb.u8(3);
        if (pc == 3) {
            throw new CheckCondition(SenseData.of(SenseKey.ILLEGAL_REQUEST,
                    AdditionalSense.SAVING_PARAMETERS_NOT_SUPPORTED));
        }
        if (page != CAPABILITIES_PAGE && page != ALL_PAGES) {
            throw CheckCondition.invalidField(2, 5);
        }
        if (subpage != 0 && !(page == ALL_PAGES && subpage == 0xFF)) {
            throw CheckCondition.invalidField(3, -1);
        }
        int header = ten ? 8 : 4;
        ByteBuf out = alloc.directBuffer(header + CAPABILITIES_LENGTH);
        if (ten) {
            out.writeShort(header + CAPABILITIES_LENGTH - 2).writeByte(0).writeByte(0).writeShort(0).writeShort(0);
        } else {
            out.writeByte(header + CAPABILITIES_LENGTH - 1).writeByte(0).writeByte(0).writeByte(0);
        }
        capabilitiesPage(out, pc == 1, s.prevented());
        return out;
    }

    private static void capabilitiesPage(ByteBuf out, boolean changeableMask, boolean locked) {
        out.writeByte(CAPABILITIES_PAGE).writeByte(CAPABILITIES_LENGTH - 2);
        if (changeableMask) {
            out.writeZero(CAPABILITIES_LENGTH - 2); // nothing on this page can be changed
            return;
        }
        out.writeByte(0x0B); // reads CD-R, CD-RW and DVD-ROM media
        out.writeByte(0); // writes nothing
        out.writeByte(0); // no audio play, no mode 2, no multi-session
        out.writeByte(0); // no CD-DA extraction
        out.writeByte(0x20 | 0x08 | (locked ? 0x02 : 0) | 0x01); // tray, eject, lock state, lock
        out.writeByte(0);
        out.writeZero(CAPABILITIES_LENGTH - 8); // speeds, buffer, write speed descriptors: none
    }
}
