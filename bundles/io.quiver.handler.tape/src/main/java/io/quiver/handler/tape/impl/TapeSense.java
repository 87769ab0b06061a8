package io.quiver.handler.tape.impl;

import io.quiver.scsi.AdditionalSense;
import io.quiver.scsi.SenseBuilder;
import io.quiver.scsi.SenseData;
import io.quiver.scsi.SenseKey;

/**
 * The sense data of SSC-3's sequential-access conditions (4.2.5, 5.2): filemark, end of data, beginning
 * and end of partition, early warning, volume overflow, incorrect length. The INFORMATION field is the
 * residue (blocks in fixed mode, bytes in variable mode), two's complement in 32 bits when negative.
 * Stateless.
 */
final class TapeSense {

    static final int ASC_NONE = 0x00;
    static final int ASCQ_FILEMARK = 0x01;
    static final int ASCQ_END_OF_PARTITION = 0x02;
    static final int ASCQ_BEGINNING_OF_PARTITION = 0x04;
    static final int ASCQ_END_OF_DATA = 0x05;

    private TapeSense() {
    }

    /** NO SENSE, FILEMARK DETECTED with the FILEMARK bit: a READ or SPACE stopped at a filemark. */
    static SenseData filemark(long residue) {
        return new SenseBuilder(SenseKey.NO_SENSE, ASC_NONE, ASCQ_FILEMARK).filemark().information(info(residue)).build();
    }

    /** BLANK CHECK, END-OF-DATA DETECTED: a READ, SPACE or LOCATE met end of data. */
    static SenseData endOfData(long residue) {
        return new SenseBuilder(SenseKey.BLANK_CHECK, ASC_NONE, ASCQ_END_OF_DATA).information(info(residue)).build();
    }

    /** NO SENSE, BEGINNING-OF-PARTITION/MEDIUM DETECTED with EOM: spacing backwards met BOP. */
    static SenseData beginningOfPartition(long residue) {
        return new SenseBuilder(SenseKey.NO_SENSE, ASC_NONE, ASCQ_BEGINNING_OF_PARTITION).endOfMedium()
                .information(info(residue)).build();
    }

    /** NO SENSE, END-OF-PARTITION/MEDIUM DETECTED with EOM: the write succeeded inside the early-warning zone. */
    static SenseData earlyWarning(long residue) {
        return new SenseBuilder(SenseKey.NO_SENSE, ASC_NONE, ASCQ_END_OF_PARTITION).endOfMedium()
                .information(info(residue)).build();
    }

    /** VOLUME OVERFLOW, END-OF-PARTITION/MEDIUM DETECTED with EOM: {@code residue} was not written. */
    static SenseData volumeOverflow(long residue) {
        return new SenseBuilder(SenseKey.VOLUME_OVERFLOW, ASC_NONE, ASCQ_END_OF_PARTITION).endOfMedium()
                .information(info(residue)).build();
    }

    /** NO SENSE with ILI: the block's length differs from the transfer length. */
    static SenseData incorrectLength(long residue) {
        return new SenseBuilder(SenseKey.NO_SENSE, ASC_NONE, 0).incorrectLength().information(info(residue)).build();
    }

    /** NOT READY, MEDIUM NOT PRESENT: no cartridge, or it is unloaded. */
    static SenseData notReady() {
        return SenseData.of(SenseKey.NOT_READY, AdditionalSense.MEDIUM_NOT_PRESENT);
    }

    /** DATA PROTECT, WRITE PROTECTED: the cartridge (or the LUN) is write-protected. */
    static SenseData writeProtected() {
        return SenseData.of(SenseKey.DATA_PROTECT, AdditionalSense.WRITE_PROTECTED);
    }

    /** MEDIUM ERROR, WRITE ERROR / UNRECOVERED READ ERROR: the cartridge file failed. */
    static SenseData mediumError(boolean write) {
        return SenseData.of(SenseKey.MEDIUM_ERROR, write ? AdditionalSense.WRITE_ERROR : AdditionalSense.UNRECOVERED_READ_ERROR);
    }

    private static long info(long residue) {
        return residue & 0xFFFF_FFFFL;
    }
}
