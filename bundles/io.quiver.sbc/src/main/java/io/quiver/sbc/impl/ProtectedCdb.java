package io.quiver.sbc.impl;

import io.netty.buffer.ByteBuf;
import io.quiver.scsi.SenseData;

/**
 * The fields a command on a device with protection information needs, read alike from a 10/12/16-byte CDB
 * (flags in byte 1, tags implied by the LBA) and from a 32-byte VARIABLE LENGTH CDB (flags in byte 10, LBA
 * at 12, EXPECTED INITIAL LOGICAL BLOCK REFERENCE TAG at 20, EXPECTED LOGICAL BLOCK APPLICATION TAG at 24,
 * LOGICAL BLOCK APPLICATION TAG MASK at 26, length at 28). Both forms keep the PROTECT field in bits 7-5 of
 * the flags byte, FUA/UNMAP in bit 3, BYTCHK in bits 2-1 and NDOB in bit 0, so one reader serves all.
 * Immutable.
 *
 * @param flagsOffset the byte of the flags, for field pointers
 * @param lengthOffset the byte of the length field, for field pointers
 */
record ProtectedCdb(int flags, int flagsOffset, long lba, long blocks, int lengthOffset,
        ProtectionInformation.Expected expected, boolean thirtyTwo) {

    /** A 10/12/16-byte CDB. */
    static ProtectedCdb of(ByteBuf cdb) {
        long lba = Cdb.lba(cdb);
        return new ProtectedCdb(Cdb.u8(cdb, 1), 1, lba, Cdb.transferLength(cdb), ReadWriteCommands.lengthOffset(cdb),
                ProtectionInformation.Expected.of(lba), false);
    }

    /** A 32-byte VARIABLE LENGTH CDB (its ADDITIONAL CDB LENGTH already checked). */
    static ProtectedCdb of32(ByteBuf cdb) {
        return new ProtectedCdb(Cdb.u8(cdb, 10), 10, Cdb.u64(cdb, 12), Cdb.u32(cdb, 28), 28,
                new ProtectionInformation.Expected(Cdb.u32(cdb, 20), Cdb.u16(cdb, 24), Cdb.u16(cdb, 26)), true);
    }

    /** The same CDB with PROTECT 000b: the checks a READ without protection information makes. */
    ProtectedCdb withoutProtect() {
        return new ProtectedCdb(flags & 0x1F, flagsOffset, lba, blocks, lengthOffset, expected, thirtyTwo);
    }

    /** RDPROTECT, WRPROTECT, VRPROTECT or ORPROTECT. */
    int protect() {
        return flags >>> 5;
    }

    /** BYTCHK (VERIFY, WRITE AND VERIFY). */
    int byteCheck() {
        return (flags >>> 1) & 0x3;
    }

    /** FUA (READ, WRITE) or UNMAP (WRITE SAME): bit 3. */
    boolean bit3() {
        return (flags & 0x08) != 0;
    }

    /**
     * Refuses a reserved PROTECT field (INVALID FIELD IN CDB) and, on a type 2 device, a non-zero one in a
     * CDB shorter than 32 bytes (INVALID COMMAND OPERATION CODE: type 2 takes its expected tags from 32-byte
     * CDBs only, SBC-4 4.22.2.4).
     */
    void checkProtect(int type) throws SenseException {
        if (!ProtectionInformation.validField(protect())) {
            throw Senses.invalidCdb(flagsOffset, 7);
        }
        if (type == 2 && protect() != 0 && !thirtyTwo) {
            throw new SenseException(SenseData.invalidOpcode());
        }
    }

    /**
     * The checks every command of this form makes before its transfer: the PROTECT field
     * ({@link #checkProtect}), a reserved BYTCHK 10b if the command has BYTCHK, the LBA range and MAXIMUM
     * TRANSFER LENGTH.
     */
    void check(SbcEngine e, int type, boolean hasByteCheck) throws SenseException {
        checkProtect(type);
        if (hasByteCheck && byteCheck() == 0b10) {
            throw Senses.invalidCdb(flagsOffset, 2);
        }
        e.checkRange(lba, blocks);
        e.checkTransferLength(blocks, lengthOffset);
    }

    /** Protection information bytes per block in the data transfer: 8 when the PROTECT field is not 0. */
    int piBytes() {
        return protect() == 0 ? 0 : ProtectionInformation.BYTES;
    }
}
