package io.quiver.handler.cdrom.impl;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

/**
 * GET CONFIGURATION (MMC-6 6.6): the features of a read-only CD/DVD drive. Profiles CD-ROM (0008h) and
 * DVD-ROM (0010h); an image larger than a 90-minute CD (405,000 blocks) is reported as a DVD. Features:
 * Profile List, Core, Morphing, Removable Medium, Random Readable, CD Read, DVD Read, in ascending order
 * as MMC requires. Stateless; safe on any thread.
 */
final class FeatureResponses {

    static final int PROFILE_NONE = 0x0000;
    static final int PROFILE_CD_ROM = 0x0008;
    static final int PROFILE_DVD_ROM = 0x0010;

    /** Blocks of a 90-minute CD; anything larger cannot be a CD. */
    static final long CD_MAX_BLOCKS = 405_000;

    private FeatureResponses() {
    }

    /** The current profile for a medium of {@code blocks} blocks (-1 = no medium). */
    static int currentProfile(long blocks) {
        if (blocks < 0) {
            return PROFILE_NONE;
        }
        return blocks > CD_MAX_BLOCKS ? PROFILE_DVD_ROM : PROFILE_CD_ROM;
    }

    /** GET CONFIGURATION with RT 00b (all), 01b (current only) or 10b (the one starting feature). */
    static ByteBuf getConfiguration(Cdb cdb, long blocks, ByteBufAllocator alloc) throws CheckCondition {
        int rt = cdb.u8(1) & 0x03;
        if (rt == 3) {
            throw CheckCondition.invalidField(1, 1);
        }
        int start = cdb.u16(2);
        int profile = currentProfile(blocks);
        boolean present = profile != PROFILE_NONE;
        ByteBuf out = alloc.directBuffer(128);
        out.writeInt(0); // data length, patched below
        out.writeShort(0);
        out.writeShort(profile);
        // {feature code, current}; the descriptors follow in write()
        int[][] features = {
            {0x0000, 1}, {0x0001, 1}, {0x0002, 1}, {0x0003, 1},
            {0x0010, present ? 1 : 0}, {0x001E, profile == PROFILE_CD_ROM ? 1 : 0},
            {0x001F, profile == PROFILE_DVD_ROM ? 1 : 0},
        };
        for (int[] f : features) {
            boolean wanted = rt == 2 ? f[0] == start : f[0] >= start && (rt == 0 || f[1] == 1);
            if (wanted) {
                write(out, f[0], f[1] == 1, profile);
            }
        }
        out.setInt(0, out.writerIndex() - 4);
        return out;
    }

    private static void write(ByteBuf out, int code, boolean current, int profile) {
        out.writeShort(code);
        int cur = current ? 0x01 : 0;
        switch (code) {
            case 0x0000: // Profile List, persistent
                out.writeByte(0x02 | cur).writeByte(8);
                out.writeShort(PROFILE_DVD_ROM).writeByte(profile == PROFILE_DVD_ROM ? 1 : 0).writeByte(0);
                out.writeShort(PROFILE_CD_ROM).writeByte(profile == PROFILE_CD_ROM ? 1 : 0).writeByte(0);
                break;
            case 0x0001: // Core, version 2, persistent: SCSI family interface, INQ2
                out.writeByte(2 << 2 | 0x02 | cur).writeByte(8);
                out.writeInt(0x00000001).writeByte(0x02).writeZero(3);
                break;
            case 0x0002: // Morphing, version 1, persistent: polled events only (ASYNC 0, OCEvent 0)
                out.writeByte(1 << 2 | 0x02 | cur).writeByte(4);
                out.writeByte(0).writeZero(3);
                break;
            case 0x0003: // Removable Medium, persistent: tray, ejectable, lockable
                out.writeByte(0x02 | cur).writeByte(4);
                out.writeByte(0x20 | 0x08 | 0x01).writeZero(3);
                break;
            case 0x0010: // Random Readable: 2048-byte blocks, blocking 1 (CD) or 16 (DVD)
                out.writeByte(cur).writeByte(8);
                out.writeInt(IsoImage.BLOCK_SIZE).writeShort(profile == PROFILE_DVD_ROM ? 16 : 1)
                        .writeByte(0).writeByte(0);
                break;
            case 0x001E: // CD Read, version 2: no CD-Text, no C2 pointers, no DAP
                out.writeByte(2 << 2 | cur).writeByte(4);
                out.writeByte(0).writeZero(3);
                break;
            case 0x001F: // DVD Read, version 0
                out.writeByte(cur).writeByte(0);
                break;
            default:
                throw new IllegalStateException("feature " + code);
        }
    }
}
