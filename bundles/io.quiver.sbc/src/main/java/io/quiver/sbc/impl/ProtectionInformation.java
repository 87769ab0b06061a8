package io.quiver.sbc.impl;

import io.netty.buffer.ByteBuf;
import io.quiver.scsi.AdditionalSense;
import io.quiver.scsi.SenseBuilder;
import io.quiver.scsi.SenseKey;

/**
 * T10 protection information (SBC-4 4.22): 8 bytes per block, LOGICAL BLOCK GUARD (CRC16 T10-DIF, polynomial
 * 8BB7h, initial value 0), LOGICAL BLOCK APPLICATION TAG and LOGICAL BLOCK REFERENCE TAG. Generates it for
 * data written without any, and checks it as the RDPROTECT/WRPROTECT field asks (SBC-4 tables 5.x "RDPROTECT
 * field" and "WRPROTECT field"):
 *
 * <table>
 * <caption>checks per PROTECT field</caption>
 * <tr><th>field</th><th>guard</th><th>reference tag (types 1, 2)</th><th>application tag</th></tr>
 * <tr><td>000b (device's own PI, not transferred)</td><td>yes</td><td>yes</td><td>no</td></tr>
 * <tr><td>001b, 101b</td><td>yes</td><td>yes</td><td>with a mask (32-byte CDBs)</td></tr>
 * <tr><td>010b</td><td>no</td><td>yes</td><td>with a mask</td></tr>
 * <tr><td>011b</td><td>no</td><td>no</td><td>no</td></tr>
 * <tr><td>100b</td><td>yes</td><td>no</td><td>no</td></tr>
 * </table>
 *
 * A block whose application tag is FFFFh (types 1 and 2), or whose application tag is FFFFh and reference
 * tag FFFF_FFFFh (type 3), is not checked (the escape). A failed check ends the command in ABORTED COMMAND
 * with LOGICAL BLOCK GUARD / APPLICATION TAG / REFERENCE TAG CHECK FAILED and the block's LBA in the
 * INFORMATION field (as LIO does). Stateless; thread-safe.
 */
final class ProtectionInformation {

    static final int BYTES = 8;
    private static final int[] TABLE = table();

    private ProtectionInformation() {
    }

    /** What a check looks at beyond the PROTECT field: the expected tags of a 32-byte CDB. */
    record Expected(long initialReferenceTag, int applicationTag, int applicationTagMask) {
        /** The tags a 6/10/12/16-byte CDB implies: reference tag = LBA, no application tag check. */
        static Expected of(long lba) {
            return new Expected(lba & 0xFFFFFFFFL, 0, 0);
        }
    }

    /** CRC16 T10-DIF of {@code length} bytes of {@code buf} at {@code index}. */
    static int crc16(ByteBuf buf, int index, int length) {
        int crc = 0;
        for (int i = index, end = index + length; i < end; i++) {
            crc = ((crc << 8) ^ TABLE[((crc >>> 8) ^ buf.getUnsignedByte(i)) & 0xFF]) & 0xFFFF;
        }
        return crc;
    }

    /**
     * Appends the protection information of every block of {@code data} to {@code pi}: the guard, application
     * tag 0, and reference tag {@code firstReferenceTag + i} (types 1, 2) or FFFF_FFFFh (type 3, whose
     * reference tag is the application client's).
     */
    static void generate(int type, ByteBuf data, int blockSize, long firstReferenceTag, ByteBuf pi) {
        int blocks = data.readableBytes() / blockSize;
        for (int i = 0; i < blocks; i++) {
            pi.writeShort(crc16(data, data.readerIndex() + i * blockSize, blockSize));
            pi.writeShort(0);
            pi.writeInt(type == 3 ? -1 : (int) (firstReferenceTag + i));
        }
    }

    /**
     * Splits {@code blocks} blocks of data each followed by its 8 bytes of protection information, from
     * {@code in} at {@code index}, into {@code data} and {@code pi}.
     */
    static void split(ByteBuf in, int index, int blocks, int blockSize, ByteBuf data, ByteBuf pi) {
        for (int i = 0; i < blocks; i++) {
            int at = index + i * (blockSize + BYTES);
            data.writeBytes(in, at, blockSize);
            pi.writeBytes(in, at + blockSize, BYTES);
        }
    }

    /** Whether a PROTECT field value is one SBC-4 defines (110b and 111b are reserved). */
    static boolean validField(int protect) {
        return protect <= 5;
    }

    /**
     * Checks every block of {@code data} against its 8 bytes in {@code pi} as {@code protect} asks.
     *
     * @param lba the LBA of the first block, for the INFORMATION field
     * @throws SenseException at the first block that fails
     */
    static void check(int type, int protect, ByteBuf data, ByteBuf pi, int blockSize, long lba, Expected expected)
            throws SenseException {
        boolean guard = protect == 0 || protect == 1 || protect == 5 || protect == 4;
        boolean ref = type != 3 && (protect == 0 || protect == 1 || protect == 5 || protect == 2);
        boolean app = expected.applicationTagMask() != 0 && (protect == 1 || protect == 5 || protect == 2);
        int blocks = data.readableBytes() / blockSize;
        for (int i = 0; i < blocks; i++) {
            int at = pi.readerIndex() + i * BYTES;
            int appTag = pi.getUnsignedShort(at + 2);
            long refTag = pi.getUnsignedInt(at + 4);
            if (appTag == 0xFFFF && (type != 3 || refTag == 0xFFFFFFFFL)) {
                continue;
            }
            if (guard && pi.getUnsignedShort(at) != crc16(data, data.readerIndex() + i * blockSize, blockSize)) {
                throw failed(AdditionalSense.LOGICAL_BLOCK_GUARD_CHECK_FAILED, lba + i);
            }
            int mask = expected.applicationTagMask();
            if (app && (appTag & mask) != (expected.applicationTag() & mask)) {
                throw failed(AdditionalSense.LOGICAL_BLOCK_APPLICATION_TAG_CHECK_FAILED, lba + i);
            }
            if (ref && refTag != ((expected.initialReferenceTag() + i) & 0xFFFFFFFFL)) {
                throw failed(AdditionalSense.LOGICAL_BLOCK_REFERENCE_TAG_CHECK_FAILED, lba + i);
            }
        }
    }

    private static SenseException failed(AdditionalSense code, long lba) {
        return new SenseException(new SenseBuilder(SenseKey.ABORTED_COMMAND, code).information(lba).build());
    }

    private static int[] table() {
        int[] t = new int[256];
        for (int b = 0; b < 256; b++) {
            int crc = b << 8;
            for (int k = 0; k < 8; k++) {
                crc = (crc & 0x8000) != 0 ? (crc << 1) ^ 0x8BB7 : crc << 1;
            }
            t[b] = crc & 0xFFFF;
        }
        return t;
    }
}
