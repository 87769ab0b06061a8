package io.quiver.handler.tape.impl;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

/**
 * LOG SENSE pages of a drive (SPC-4 7.3, SSC-3 8.2): supported pages (00h), write and read error
 * counters (02h, 03h: no errors ever corrected or uncorrected; parameter 0005h is the bytes processed),
 * volume statistics (17h: page valid, loads, data sets written and read) and TapeAlert (2Eh: the 64
 * flags, all clear). Stateless; the buffers it returns belong to the caller.
 */
final class TapeLogPages {

    private static final int[] SUPPORTED = {0x00, 0x02, 0x03, 0x17, 0x2E};

    private TapeLogPages() {
    }

    /** The page, or {@code null} if the drive has no such page. */
    static ByteBuf page(ByteBufAllocator alloc, int code, TapeDrive drive) {
        TapeCounters c = drive.counters();
        ByteBuf out = alloc.buffer(512);
        out.writeByte(code).writeByte(0).writeShort(0);
        switch (code) {
            case 0x00 -> {
                for (int p : SUPPORTED) {
                    out.writeByte(p);
                }
            }
            case 0x02 -> errorCounters(out, c.bytesWritten);
            case 0x03 -> errorCounters(out, c.bytesRead);
            case 0x17 -> {
                out.writeShort(0x0000).writeByte(0x03).writeByte(1).writeByte(1); // page valid
                counter(out, 0x0001, c.loads);
                counter(out, 0x0002, c.blocksWritten);
                counter(out, 0x0003, 0);
                counter(out, 0x0004, 0);
                counter(out, 0x0007, c.blocksRead);
                counter(out, 0x0008, 0);
                counter(out, 0x0009, 0);
            }
            case 0x2E -> {
                for (int flag = 1; flag <= 0x40; flag++) {
                    out.writeShort(flag).writeByte(0x03).writeByte(1).writeByte(0);
                }
            }
            default -> {
                out.release();
                return null;
            }
        }
        out.setShort(2, out.readableBytes() - 4);
        return out;
    }

    private static void errorCounters(ByteBuf out, long bytes) {
        for (int p = 0; p <= 6; p++) {
            counter(out, p, p == 5 ? bytes : 0);
        }
    }

    private static void counter(ByteBuf out, int code, long value) {
        out.writeShort(code).writeByte(0x02).writeByte(8).writeLong(value); // binary, bounded counter
    }
}
