package io.quiver.transport.local;

import io.quiver.scsi.DataDirection;
import io.quiver.scsi.TaskAttribute;

/**
 * A command to run through a {@link LocalSession}: LUN, CDB, task attribute, direction, expected length
 * and the data-out to send. Immutable; each {@code with} method returns a copy.
 */
public final class LocalRequest {

    final long lunField;
    final byte[] cdb;
    final TaskAttribute attribute;
    final DataDirection direction;
    final long expectedLength;
    final byte[] dataOut;
    final Long tag;

    private LocalRequest(long lunField, byte[] cdb, TaskAttribute attribute, DataDirection direction,
            long expectedLength, byte[] dataOut, Long tag) {
        this.lunField = lunField;
        this.cdb = cdb;
        this.attribute = attribute;
        this.direction = direction;
        this.expectedLength = expectedLength;
        this.dataOut = dataOut;
        this.tag = tag;
    }

    /** A SIMPLE command without data to a LUN number (peripheral addressing below 256, flat above). */
    public static LocalRequest of(int lun, int... cdb) {
        byte[] b = new byte[cdb.length];
        for (int i = 0; i < cdb.length; i++) {
            b[i] = (byte) cdb[i];
        }
        return new LocalRequest(lunField(lun), b, TaskAttribute.SIMPLE, DataDirection.NONE, 0, null, null);
    }

    /** The 8-byte LUN field for a LUN number, as SAM-5 4.7 encodes it. */
    public static long lunField(int lun) {
        if (lun < 0 || lun > 16383) {
            throw new IllegalArgumentException("LUN out of range: " + lun);
        }
        return (long) (lun < 256 ? lun : 0x4000 | lun) << 48;
    }

    /** Expects up to {@code length} bytes of data-in. */
    public LocalRequest dataIn(long length) {
        return new LocalRequest(lunField, cdb, attribute, DataDirection.IN, length, null, tag);
    }

    /** Sends {@code data} as data-out (expected length = its length). */
    public LocalRequest dataOut(byte[] data) {
        return new LocalRequest(lunField, cdb, attribute, DataDirection.OUT, data.length, data.clone(), tag);
    }

    /** Uses a raw 8-byte LUN field (well-known LUNs, invalid addressing). */
    public LocalRequest rawLun(long field) {
        return new LocalRequest(field, cdb, attribute, direction, expectedLength, dataOut, tag);
    }

    public LocalRequest attribute(TaskAttribute a) {
        return new LocalRequest(lunField, cdb, a, direction, expectedLength, dataOut, tag);
    }

    /** Uses this task tag instead of the session's next one. */
    public LocalRequest tag(long t) {
        return new LocalRequest(lunField, cdb, attribute, direction, expectedLength, dataOut, t);
    }
}
