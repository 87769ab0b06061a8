package io.quiver.handler.passthrough.impl;

import io.quiver.scsi.DataDirection;
import io.quiver.spi.device.DeviceTask;

/**
 * How one command's data moves between the initiator, Quiver and the real device, from what its CDB calls for
 * ({@link CdbTable}) and what the initiator announced. Data-in: a buffer of the CDB's length, whatever the
 * initiator expects (the core returns the expected part and reports the residual from what the device sent: an
 * overflow for what was cut, an underflow for what it did not send). Data-out: all the initiator sends goes to the
 * device with the CDB, which reports the residual itself and sees a Data-Out that does not fit its CDB (COMPARE
 * AND WRITE refuses one; libiscsi checks both). A read announced as a write runs as the read its CDB is, without
 * taking the Data-Out, as Quiver's own disks and tgtd answer it (libiscsi's Read10Invalid expects GOOD), where
 * SCST refuses it. A command the table does not know, a length the CDB does not carry, and the other mismatches
 * SCST allows go as the initiator announced them. Immutable.
 *
 * @param direction the direction the command goes to the device with
 * @param length bytes of data-in asked of the device, or of data-out fetched from the initiator
 */
record Transfer(DataDirection direction, long length) {

    /**
     * At most this many bytes more than the initiator expects are allocated for a data-in: enough to see a
     * device's overflow (the residual tests' few blocks), while a bogus CDB length (up to 4 GiB in a READ(16))
     * cannot make every queued command hold a buffer of its own size and starve the other sessions' memory.
     */
    static final long MAX_OVERFLOW = 1L << 20;

    /** The transfer for {@code task} given its CDB's {@code info} ({@code null}: not in the table); {@code null} on a mismatch. */
    static Transfer of(DeviceTask task, CdbInfo info) {
        long expected = task.expectedDataTransferLength();
        DataDirection announced = task.direction();
        if (info == null || info.direction() != DataDirection.IN) {
            return info != null && info.direction() != announced && CdbTable.mismatch(info, task) ? null
                    : new Transfer(announced, expected);
        }
        if (announced != DataDirection.IN && CdbTable.mismatch(info, task)) {
            return null;
        }
        if (announced == DataDirection.NONE || announced == DataDirection.IN && info.length() < 0) {
            return new Transfer(announced, expected);
        }
        long length = info.length() < 0 ? expected : info.length();
        return new Transfer(DataDirection.IN, Math.min(length, expected + MAX_OVERFLOW));
    }
}
