package io.quiver.handler.tape.impl;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.quiver.scsi.AdditionalSense;
import io.quiver.scsi.SenseData;
import io.quiver.scsi.SenseKey;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The parameter data of a drive's inquiry-style commands (SSC-3): READ BLOCK LIMITS, READ POSITION,
 * REPORT DENSITY SUPPORT, MODE SENSE with its block descriptor and pages 0Ah (control), 0Fh (data
 * compression: not capable), 10h (device configuration), 11h (medium partition: one partition), and
 * MODE SELECT of the block descriptor (density, block length: 0 = variable). Stateless; the buffers it
 * returns belong to the caller.
 */
final class TapePages {

    /** The density code reported and accepted (that of LTO-3, which hosts know; the format is tgt's). */
    static final int DENSITY = 0x44;
    private static final int[] PAGES = {0x0A, 0x0F, 0x10, 0x11};

    private TapePages() {
    }

    /** READ BLOCK LIMITS: granularity 0, maximum the full 24 bits (16 MiB - 1), minimum 1. */
    static ByteBuf blockLimits(ByteBufAllocator alloc) {
        ByteBuf out = alloc.buffer(6);
        out.writeByte(0).writeMedium(TapeDrive.MAX_BLOCK).writeShort(1);
        return out;
    }

    /** READ POSITION: short form (00h, 01h), long form (06h), extended form (08h); null for others. */
    static ByteBuf readPosition(ByteBufAllocator alloc, int serviceAction, TapeDrive drive) {
        long pos = drive.position();
        boolean bop = pos == 0;
        boolean ew = drive.pastEarlyWarning();
        ByteBuf out = alloc.buffer(32);
        switch (serviceAction) {
            case 0x00, 0x01 -> out.writeByte((bop ? 0x80 : 0) | (ew ? 0x44 : 0)).writeByte(0).writeShort(0)
                    .writeInt((int) pos).writeInt((int) pos).writeByte(0).writeMedium(0).writeInt(0);
            case 0x06 -> out.writeByte((bop ? 0x80 : 0) | (ew ? 0x41 : 0)).writeMedium(0).writeInt(0)
                    .writeLong(pos).writeLong(drive.fileNumber()).writeLong(0);
            case 0x08 -> out.writeByte((bop ? 0x80 : 0) | (ew ? 0x44 : 0)).writeByte(0).writeShort(0x1C)
                    .writeInt(0).writeLong(pos).writeLong(pos).writeLong(0);
            default -> {
                out.release();
                return null;
            }
        }
        return out;
    }

    /** REPORT DENSITY SUPPORT: the one density this drive reads and writes. */
    static ByteBuf densitySupport(ByteBufAllocator alloc) {
        ByteBuf out = alloc.buffer(56);
        out.writeShort(52 + 2).writeShort(0);
        out.writeByte(DENSITY).writeByte(DENSITY).writeByte(0xA0).writeShort(0); // WRTOK, DEFLT
        out.writeMedium(0).writeShort(127).writeShort(1).writeInt(0);
        out.writeBytes(ascii("QUIVER", 8)).writeBytes(ascii("VTAPE", 8)).writeBytes(ascii("Quiver virtual tape", 20));
        return out;
    }

    /**
     * MODE SENSE (6)/(10); page 00h is the header and block descriptor alone (what Linux's st asks for).
     * Null when the page is not one of this drive's.
     */
    static ByteBuf modeSense(ByteBufAllocator alloc, boolean ten, boolean dbd, boolean changeable, int page,
            TapeDrive drive, boolean writeProtected) {
        if (page != 0x00 && page != 0x3F && Arrays.stream(PAGES).noneMatch(p -> p == page)) {
            return null;
        }
        ByteBuf out = alloc.buffer(128);
        int deviceSpecific = changeable ? 0 : (writeProtected ? 0x80 : 0) | 0x10; // WP, BUFFERED MODE 1
        if (ten) {
            out.writeShort(0).writeByte(0).writeByte(deviceSpecific).writeShort(0).writeShort(dbd ? 0 : 8);
        } else {
            out.writeByte(0).writeByte(0).writeByte(deviceSpecific).writeByte(dbd ? 0 : 8);
        }
        if (!dbd) {
            out.writeByte(changeable ? 0 : DENSITY).writeMedium(0).writeByte(0)
                    .writeMedium(changeable ? TapeDrive.MAX_BLOCK : drive.blockLength());
        }
        for (int p : PAGES) {
            if (page == 0x3F || page == p) {
                writePage(out, p, changeable, drive);
            }
        }
        if (ten) {
            out.setShort(0, out.readableBytes() - 2);
        } else {
            out.setByte(0, out.readableBytes() - 1);
        }
        return out;
    }

    private static void writePage(ByteBuf out, int page, boolean changeable, TapeDrive drive) {
        switch (page) {
            case 0x0A -> out.writeByte(0x0A).writeByte(0x0A).writeZero(10);
            case 0x0F -> out.writeByte(0x0F).writeByte(0x0E).writeZero(14); // DCC 0: no compression
            case 0x10 -> out.writeByte(0x10).writeByte(0x0E).writeZero(6)
                    .writeByte(changeable ? 0 : 0x40) // BIS: block identifiers supported
                    .writeByte(0).writeByte(changeable ? 0 : 0x18) // EEG, SEW
                    .writeZero(5);
            default -> {
                Cartridge c = drive.cartridge();
                int mb = c == null || changeable ? 0 : (int) Math.min(0xFFFF, c.capacity() >> 20);
                out.writeByte(0x11).writeByte(0x08).writeByte(0).writeByte(0)
                        .writeByte(changeable ? 0 : 0x10).writeByte(changeable ? 0 : 0x03) // PSUM MB; format recognition
                        .writeByte(0).writeByte(0).writeShort(mb);
            }
        }
    }

    /**
     * MODE SELECT (6)/(10): takes the block descriptor's density (0 or {@link #DENSITY}) and block
     * length; pages 0Ah, 10h and 11h are accepted as they are, 0Fh only without DCE.
     *
     * @return null on success, else the sense naming the offending parameter byte
     */
    static SenseData modeSelect(ByteBuf data, boolean ten, TapeDrive drive) {
        int base = data.readerIndex();
        int len = data.readableBytes();
        int header = ten ? 8 : 4;
        if (len < header) {
            return SenseData.of(SenseKey.ILLEGAL_REQUEST, AdditionalSense.PARAMETER_LIST_LENGTH_ERROR);
        }
        int bdLength = ten ? data.getUnsignedShort(base + 6) : data.getUnsignedByte(base + 3);
        if (bdLength != 0 && bdLength != 8 || header + bdLength > len) {
            return SenseData.invalidFieldInParameterList(ten ? 6 : 3, -1);
        }
        if (bdLength == 8) {
            int density = data.getUnsignedByte(base + header);
            if (density != 0 && density != DENSITY && density != 0x7F) {
                return SenseData.invalidFieldInParameterList(header, -1);
            }
        }
        int at = header + bdLength;
        while (at < len) {
            if (at + 2 > len) {
                return SenseData.of(SenseKey.ILLEGAL_REQUEST, AdditionalSense.PARAMETER_LIST_LENGTH_ERROR);
            }
            int page = data.getByte(base + at) & 0x3F;
            int pageLength = data.getUnsignedByte(base + at + 1);
            if (at + 2 + pageLength > len) {
                return SenseData.of(SenseKey.ILLEGAL_REQUEST, AdditionalSense.PARAMETER_LIST_LENGTH_ERROR);
            }
            if (Arrays.stream(PAGES).noneMatch(p -> p == page)) {
                return SenseData.invalidFieldInParameterList(at, 5);
            }
            if (page == 0x0F && pageLength >= 1 && (data.getByte(base + at + 2) & 0x80) != 0) {
                return SenseData.invalidFieldInParameterList(at + 2, 7); // DCE: this drive does not compress
            }
            at += 2 + pageLength;
        }
        if (bdLength == 8) {
            drive.blockLength(data.getUnsignedMedium(base + header + 5));
        }
        return null;
    }

    private static byte[] ascii(String s, int width) {
        return String.format("%-" + width + "s", s).getBytes(StandardCharsets.US_ASCII);
    }
}
