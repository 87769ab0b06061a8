package io.quiver.core.impl.pr;

import io.quiver.scsi.AdditionalSense;
import io.quiver.scsi.ScsiStatus;
import io.quiver.scsi.SenseData;
import io.quiver.scsi.SenseKey;
import io.quiver.spi.device.DeviceTask;

/**
 * Why a reservation command failed: RESERVATION CONFLICT, or CHECK CONDITION with sense. Thrown by the
 * service actions before they change any state, so a failed command leaves the reservation untouched.
 */
final class PrFailure extends Exception {

    private static final long serialVersionUID = 1L;

    private final transient SenseData sense;

    private PrFailure(String why, SenseData sense) {
        super(why, null, false, false);
        this.sense = sense;
    }

    static PrFailure conflict(String why) {
        return new PrFailure(why, null);
    }

    static PrFailure invalidCdb(int byteOffset, int bit) {
        return new PrFailure("invalid field in CDB byte " + byteOffset, SenseData.invalidFieldInCdb(byteOffset, bit));
    }

    static PrFailure invalidParameter(int byteOffset, int bit) {
        return new PrFailure("invalid field in parameter list byte " + byteOffset,
                SenseData.invalidFieldInParameterList(byteOffset, bit));
    }

    static PrFailure parameterListLength() {
        return illegal(AdditionalSense.PARAMETER_LIST_LENGTH_ERROR);
    }

    static PrFailure illegal(AdditionalSense code) {
        return new PrFailure(code.text(), SenseData.of(SenseKey.ILLEGAL_REQUEST, code));
    }

    boolean isConflict() {
        return sense == null;
    }

    /** Ends the task with this failure. */
    void completeOn(DeviceTask task) {
        if (sense == null) {
            task.complete(ScsiStatus.RESERVATION_CONFLICT, null, null, task.expectedDataTransferLength());
        } else {
            task.fail(sense);
        }
    }
}
