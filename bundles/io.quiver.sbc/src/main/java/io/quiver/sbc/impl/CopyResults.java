package io.quiver.sbc.impl;

import io.netty.buffer.ByteBuf;
import io.quiver.scsi.ScsiOpcode;
import io.quiver.scsi.SenseData;
import io.quiver.spi.device.DeviceTask;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * RECEIVE COPY RESULTS (SPC-4 6.18) for EXTENDED COPY (LID1): OPERATING PARAMETERS (the limits
 * {@link ExtendedCopy} enforces), and COPY STATUS and FAILED SEGMENT DETAILS (the sense the copy ended
 * with, given once) of the last copies by I_T nexus and list identifier
 * (SPC-4 6.4.3.2: the list identifier is unique per I_T nexus, so one nexus never sees or replaces
 * another's status). The statuses of a nexus go at its loss, all of them at a logical unit reset.
 * Holds at most {@link #MAX_HELD} statuses. Thread-safe.
 */
final class CopyResults {

    static final int MAX_HELD = 64;
    /** TOTAL and MAXIMUM CONCURRENT COPIES advertised (one per list identifier, as statuses are held). */
    static final int CONCURRENT_COPIES = 16;
    /** The segment and CSCD descriptor type codes {@link CopyParameters} implements. */
    static final byte[] DESCRIPTOR_TYPE_CODES = {0x02, (byte) 0xE4};

    /** COPY MANAGEMENT STATUS values. */
    private static final int IN_PROGRESS = 0x00;
    private static final int COMPLETED_GOOD = 0x01;
    private static final int COMPLETED_ERROR = 0x02;

    /** {@code failure}: the sense the copy ended with, until FAILED SEGMENT DETAILS gave it (else null). */
    private record Status(int state, int segments, long blocks, SenseData failure) {
    }

    private final SbcEngine e;
    /** A copy's key: the nexus it came from and its list identifier. */
    private record Key(long nexusId, int listId) {
    }

    private final Map<Key, Status> statuses = new ConcurrentHashMap<>();

    CopyResults(SbcEngine e) {
        this.e = e;
    }

    void started(DeviceTask task, int listId) {
        if (statuses.size() >= MAX_HELD) {
            statuses.clear();
        }
        statuses.put(new Key(task.nexusId(), listId), new Status(IN_PROGRESS, 0, 0, null));
    }

    /** The copy ended: well if {@code failure} is null, else with that sense. */
    void finished(DeviceTask task, int listId, SenseData failure, int segments, long blocks) {
        statuses.put(new Key(task.nexusId(), listId),
                new Status(failure == null ? COMPLETED_GOOD : COMPLETED_ERROR, segments, blocks, failure));
    }

    /** I_T nexus loss: the nexus' held statuses go. */
    void nexusLost(long nexusId) {
        statuses.keySet().removeIf(k -> k.nexusId() == nexusId);
    }

    /** Logical unit reset: every held status goes. */
    void clear() {
        statuses.clear();
    }

    void receive(DeviceTask task) throws Exception {
        ByteBuf cdb = task.cdb();
        int action = Cdb.u8(cdb, 1) & 0x1F;
        long allocation = Cdb.u32(cdb, 10);
        switch (action) {
            case ScsiOpcode.RCR_OPERATING_PARAMETERS:
                TaskFlow.completeIn(task, operatingParameters(task), allocation);
                return;
            case ScsiOpcode.RCR_FAILED_SEGMENT_DETAILS:
                TaskFlow.completeIn(task, failedSegmentDetails(task, new Key(task.nexusId(), Cdb.u8(cdb, 2))),
                        allocation);
                return;
            case ScsiOpcode.RCR_COPY_STATUS:
                Status s = held(new Key(task.nexusId(), Cdb.u8(cdb, 2)));
                ByteBuf out = TaskFlow.dataIn(task, 12);
                long bytes = s.blocks() * e.blockSize();
                int units = 0; // TRANSFER COUNT UNITS: bytes, KiB, MiB, ... whatever fits four bytes
                while ((bytes >>> (10 * units)) > 0xFFFFFFFFL) {
                    units++;
                }
                out.writeInt(8).writeByte(s.state()).writeShort(s.segments()).writeByte(units)
                        .writeInt((int) (bytes >>> (10 * units)));
                TaskFlow.completeIn(task, out, allocation);
                return;
            default:
                throw Senses.invalidCdb(1, 4);
        }
    }

    private Status held(Key key) throws SenseException {
        Status s = statuses.get(key);
        if (s == null) {
            throw Senses.invalidCdb(2, -1);
        }
        return s;
    }

    /**
     * SPC-4 6.18.4: the sense of a copy that ended in error, once (then discarded); AVAILABLE DATA 0 for
     * a copy that ended well or whose details were given. A copy still running has none yet.
     */
    private ByteBuf failedSegmentDetails(DeviceTask task, Key key) throws SenseException {
        Status s = held(key);
        if (s.state() == IN_PROGRESS) {
            throw Senses.invalidCdb(2, -1);
        }
        SenseData failure = s.failure();
        if (failure == null || !statuses.replace(key, s, new Status(s.state(), s.segments(), s.blocks(), null))) {
            return TaskFlow.dataIn(task, 4).writeInt(0);
        }
        int senseLength = failure.encodedLength(false);
        ByteBuf out = TaskFlow.dataIn(task, 60 + senseLength);
        out.writeInt(56 + senseLength);
        out.writeZero(52);
        out.writeByte(s.state()).writeByte(0).writeShort(senseLength);
        failure.encode(out, false);
        return out;
    }

    private ByteBuf operatingParameters(DeviceTask task) {
        ByteBuf out = TaskFlow.dataIn(task, 46);
        out.writeInt(42);
        out.writeByte(0x01); // SNLID
        out.writeMedium(0);
        out.writeShort(CopyParameters.MAX_TARGET_DESCRIPTORS);
        out.writeShort(CopyParameters.MAX_SEGMENT_DESCRIPTORS);
        out.writeInt(CopyParameters.MAX_DESCRIPTOR_LIST_LENGTH);
        out.writeInt(ExtendedCopy.MAX_SEGMENT_BYTES);
        out.writeInt(0); // MAXIMUM INLINE DATA LENGTH
        out.writeInt(0); // HELD DATA LIMIT
        out.writeInt(0); // MAXIMUM STREAM DEVICE TRANSFER SIZE
        out.writeShort(0);
        out.writeShort(CONCURRENT_COPIES); // TOTAL CONCURRENT COPIES
        out.writeByte(CONCURRENT_COPIES); // MAXIMUM CONCURRENT COPIES
        out.writeByte(Integer.numberOfTrailingZeros(e.blockSize())); // DATA SEGMENT GRANULARITY
        out.writeByte(0).writeByte(0); // INLINE / HELD DATA GRANULARITY
        out.writeMedium(0);
        out.writeByte(DESCRIPTOR_TYPE_CODES.length).writeBytes(DESCRIPTOR_TYPE_CODES);
        return out;
    }
}
