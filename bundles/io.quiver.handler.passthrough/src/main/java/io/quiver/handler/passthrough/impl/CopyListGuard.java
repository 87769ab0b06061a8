package io.quiver.handler.passthrough.impl;

import io.netty.buffer.ByteBuf;
import io.quiver.scsi.SenseData;
import io.quiver.spi.device.DeviceTask;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * EXTENDED COPY (LID1) list identifiers by I_T nexus. SPC-4 keys a copy's list identifier, and the copy
 * results held for it, by the I_T nexus that sent it; but the real device sees every initiator of a dev_disk
 * as the one nexus of the backend session, and would answer RECEIVE COPY RESULTS for a copy another initiator
 * (or an earlier, since lost, nexus) made. This guard keeps the list identifiers each nexus used here, answers
 * RECEIVE COPY RESULTS for one the asking nexus never used with ILLEGAL REQUEST, INVALID FIELD IN CDB as the
 * device would on a nexus of its own, and forgets a nexus' identifiers when the nexus is lost. Two nexuses
 * using the same identifier at once still share the device's held results (not separable over one session).
 * Thread-safe.
 */
final class CopyListGuard {

    private static final int EXTENDED_COPY = 0x83;
    private static final int RECEIVE_COPY_RESULTS = 0x84;

    private final Map<Long, Set<Integer>> used = new ConcurrentHashMap<>();

    /** Notes the list identifier of an EXTENDED COPY (LID1) whose parameter list is {@code dataOut}. */
    void sent(DeviceTask task, ByteBuf dataOut) {
        if (task.opcode() == EXTENDED_COPY && (cdb(task, 1) & 0x1F) == 0 && dataOut != null && dataOut.isReadable()) {
            used.computeIfAbsent(task.nexusId(), n -> ConcurrentHashMap.newKeySet())
                    .add((int) dataOut.getUnsignedByte(dataOut.readerIndex()));
        }
    }

    /**
     * Whether {@code task} asks for copy results (COPY STATUS, RECEIVE DATA, FAILED SEGMENT DETAILS) of a list
     * identifier its nexus never used here; if so, the task is failed already.
     */
    boolean refused(DeviceTask task) {
        if (task.opcode() != RECEIVE_COPY_RESULTS) {
            return false;
        }
        int serviceAction = cdb(task, 1) & 0x1F;
        if (serviceAction != 0 && serviceAction != 1 && serviceAction != 4) {
            return false;
        }
        if (used.getOrDefault(task.nexusId(), Set.of()).contains(cdb(task, 2))) {
            return false;
        }
        task.fail(SenseData.invalidFieldInCdb(2, -1));
        return true;
    }

    /** The nexus is gone: its list identifiers with it. */
    void nexusLost(long nexusId) {
        used.remove(nexusId);
    }

    private static int cdb(DeviceTask task, int offset) {
        ByteBuf cdb = task.cdb();
        return offset < cdb.readableBytes() ? cdb.getUnsignedByte(cdb.readerIndex() + offset) : 0;
    }
}
