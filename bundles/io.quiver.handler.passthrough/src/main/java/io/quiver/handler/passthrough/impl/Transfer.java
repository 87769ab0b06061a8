package io.quiver.handler.passthrough.impl;

import io.quiver.scsi.DataDirection;
import io.quiver.spi.device.DeviceTask;

/**
 * How one command's data moves between the initiator, Quiver and the real device, from what its CDB calls for
 * ({@link CdbTable}) and what the initiator announced. Data-in: a buffer of the CDB's length, whatever the
 * initiator expects (the core cuts what goes back to the expected length and reports the residual from what the
 * device sent: an overflow for what was cut, an underflow for what it did not send). Data-out: the CDB's length,
 * at most what the initiator sends (an initiator that sends more gets only the CDB's length written and an
 * underflow residual; one that sends less sends what it has, and the device's answer says the overflow). A
 * command the table does not know, a length the CDB does not carry, and the mismatches SCST allows go as the
 * initiator announced them. Immutable.
 *
 * @param direction the direction the command goes to the device with
 * @param length bytes of data-in asked of the device, or of data-out fetched from the initiator
 */
record Transfer(DataDirection direction, long length) {

    /** A data-in buffer larger than this (and than the initiator expects) is not allocated: a bogus CDB's length. */
    static final long MAX_DATA_IN = 64L << 20;

    /** The transfer for {@code task} given its CDB's {@code info} ({@code null}: not in the table); {@code null} on a mismatch. */
    static Transfer of(DeviceTask task, CdbInfo info) {
        long expected = task.expectedDataTransferLength();
        if (info == null || info.direction() != task.direction() && !CdbTable.mismatch(info, task)) {
            return new Transfer(task.direction(), expected);
        }
        if (info.direction() != task.direction()) {
            return null;
        }
        long length = info.length() < 0 ? expected : info.length();
        return switch (info.direction()) {
            case IN -> new Transfer(DataDirection.IN, length > MAX_DATA_IN && length > expected ? expected : length);
            case OUT -> new Transfer(DataDirection.OUT, Math.min(length, expected));
            default -> new Transfer(DataDirection.NONE, 0);
        };
    }
}
