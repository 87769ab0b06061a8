package io.quiver.sbc.impl;

import io.quiver.scsi.AdditionalSense;
import io.quiver.scsi.SenseBuilder;
import io.quiver.scsi.SenseData;
import io.quiver.scsi.SenseKey;

/**
 * The sense data the SBC command set reports, as ready-to-throw {@link SenseException}s. Stateless.
 */
final class Senses {

    private static final SenseData LBA_OUT_OF_RANGE =
            SenseData.of(SenseKey.ILLEGAL_REQUEST, AdditionalSense.LOGICAL_BLOCK_ADDRESS_OUT_OF_RANGE);
    private static final SenseData WRITE_PROTECTED =
            SenseData.of(SenseKey.DATA_PROTECT, AdditionalSense.WRITE_PROTECTED);
    private static final SenseData SPACE_ALLOCATION_FAILED =
            SenseData.of(SenseKey.DATA_PROTECT, AdditionalSense.SPACE_ALLOCATION_FAILED_WRITE_PROTECT);
    private static final SenseData BACKEND_UNREACHABLE =
            SenseData.of(SenseKey.NOT_READY, AdditionalSense.LOGICAL_UNIT_COMMUNICATION_FAILURE);
    private static final SenseData PARAMETER_LIST_LENGTH =
            SenseData.of(SenseKey.ILLEGAL_REQUEST, AdditionalSense.PARAMETER_LIST_LENGTH_ERROR);

    private Senses() {
    }

    static SenseException lbaOutOfRange() {
        return new SenseException(LBA_OUT_OF_RANGE);
    }

    static SenseException writeProtected() {
        return new SenseException(WRITE_PROTECTED);
    }

    static SenseException parameterListLength() {
        return new SenseException(PARAMETER_LIST_LENGTH);
    }

    /** INVALID FIELD IN CDB at {@code byteOffset}, {@code bit} (-1: the whole byte). */
    static SenseException invalidCdb(int byteOffset, int bit) {
        return new SenseException(SenseData.invalidFieldInCdb(byteOffset, bit));
    }

    /** INVALID FIELD IN PARAMETER LIST at {@code byteOffset}, {@code bit} (-1: the whole byte). */
    static SenseException invalidParameter(int byteOffset, int bit) {
        return new SenseException(SenseData.invalidFieldInParameterList(byteOffset, bit));
    }

    static SenseException illegal(AdditionalSense code) {
        return new SenseException(SenseData.of(SenseKey.ILLEGAL_REQUEST, code));
    }

    static SenseException copyAborted(AdditionalSense code) {
        return new SenseException(SenseData.of(SenseKey.COPY_ABORTED, code));
    }

    /** MISCOMPARE DURING VERIFY OPERATION; INFORMATION = offset of the first differing byte. */
    static SenseException miscompare(long offset) {
        return new SenseException(new SenseBuilder(SenseKey.MISCOMPARE,
                AdditionalSense.MISCOMPARE_DURING_VERIFY_OPERATION).information(offset).build());
    }

    static SenseData mediumError(boolean write) {
        return SenseData.of(SenseKey.MEDIUM_ERROR,
                write ? AdditionalSense.WRITE_ERROR : AdditionalSense.UNRECOVERED_READ_ERROR);
    }

    static SenseData internalFailure() {
        return SenseData.of(SenseKey.HARDWARE_ERROR, AdditionalSense.INTERNAL_TARGET_FAILURE);
    }

    /**
     * The sense of a store's own failure that is not an error of the medium: SPACE ALLOCATION FAILED WRITE
     * PROTECT, NOT READY, LOGICAL UNIT COMMUNICATION FAILURE for an unreachable backend; {@code null} otherwise.
     */
    static SenseData ofStoreCondition(Exception failure) {
        return failure instanceof io.quiver.sbc.SpaceAllocationFailedException ? SPACE_ALLOCATION_FAILED
                : failure instanceof io.quiver.sbc.BackendUnreachableException ? BACKEND_UNREACHABLE : null;
    }

    /**
     * The sense for work that writes and failed: the sense of a {@link SenseException}, the store's condition
     * ({@link #ofStoreCondition}), MEDIUM ERROR, WRITE ERROR for an I/O error, else INTERNAL TARGET FAILURE.
     */
    static SenseData ofWrite(Exception failure) {
        SenseData condition = ofStoreCondition(failure);
        return failure instanceof SenseException ? ((SenseException) failure).sense()
                : condition != null ? condition
                : failure instanceof java.io.IOException ? mediumError(true) : internalFailure();
    }

    /** The deferred error (SPC-4 4.5.4) for work that failed after its task completed ({@link #ofWrite}). */
    static SenseData deferred(Exception failure) {
        SenseData s = ofWrite(failure);
        return new SenseBuilder(s.key(), s.asc(), s.ascq()).deferred().build();
    }
}
