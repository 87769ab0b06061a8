package io.quiver.sbc.impl;

import io.netty.buffer.ByteBuf;
import io.quiver.scsi.ScsiOpcode;
import io.quiver.spi.device.DeviceTask;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * RECEIVE COPY RESULTS (SPC-4 6.18) for EXTENDED COPY (LID1): OPERATING PARAMETERS (the limits
 * {@link ExtendedCopy} enforces) and COPY STATUS of the last copies by I_T nexus and list identifier
 * (SPC-4 6.4.3.2: the list identifier is unique per I_T nexus, so one nexus never sees or replaces
 * another's status). The statuses of a nexus go at its loss, all of them at a logical unit reset.
 * Holds at most {@link #MAX_HELD} statuses. Thread-safe.
 */
final class CopyResults {

    static final int MAX_HELD = 64;

    /** COPY MANAGEMENT STATUS values. */
    private static final int IN_PROGRESS = 0x00;
    private static final int COMPLETED_GOOD = 0x01;
    private static final int COMPLETED_ERROR = 0x02;

    private record Status(int state, int segments, long blocks) {
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
        statuses.put(new Key(task.nexusId(), listId), new Status(IN_PROGRESS, 0, 0));
    }

    void finished(DeviceTask task, int listId, boolean good, int segments, long blocks) {
        statuses.put(new Key(task.nexusId(), listId),
                new Status(good ? COMPLETED_GOOD : COMPLETED_ERROR, segments, blocks));
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
            case ScsiOpcode.RCR_COPY_STATUS:
                Status s = statuses.get(new Key(task.nexusId(), Cdb.u8(cdb, 2)));
                if (s == null) {
                    throw Senses.invalidCdb(2, -1);
                }
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
        out.writeShort(16); // TOTAL CONCURRENT COPIES
        out.writeByte(16); // MAXIMUM CONCURRENT COPIES
        out.writeByte(Integer.numberOfTrailingZeros(e.blockSize())); // DATA SEGMENT GRANULARITY
        out.writeByte(0).writeByte(0); // INLINE / HELD DATA GRANULARITY
        out.writeMedium(0);
        out.writeByte(2).writeByte(0x02).writeByte(0xE4);
        return out;
    }
}
