package io.quiver.handler.passthrough.impl;

import io.netty.buffer.ByteBuf;
import io.quiver.handler.passthrough.PassThroughBackend;
import io.quiver.scsi.AdditionalSense;
import io.quiver.scsi.DataDirection;
import io.quiver.scsi.PeripheralDeviceType;
import io.quiver.scsi.SenseData;
import io.quiver.scsi.SenseKey;
import io.quiver.spi.device.DeviceTask;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * What every pass-through backend does with a task, whatever the path to its device (a remote iSCSI LUN, a local
 * SG_IO device): decode the CDB's direction and length ({@link CdbTable}, with the block length the device uses,
 * {@link BlockLength}) and refuse a direction it contradicts, as SCST's core does; size data-in by the CDB
 * ({@link Transfer}); fetch the data-out, send the CDB on the backend's current {@link ScsiPath}, pass status, sense
 * and data-in back unchanged ({@link BackendResults}), track EXTENDED COPY list identifiers, tell every nexus what
 * the device says about itself ({@link DeviceChanges}), and end every way a command can fail with CHECK
 * CONDITION (the sense constants below say which and why), never a hang. Thread-safe; never blocks.
 */
abstract class ForwardingBackend implements PassThroughBackend {

    /**
     * The backend cannot be reached (not logged in, reconnecting, device gone): NOT READY, LOGICAL UNIT
     * COMMUNICATION FAILURE, as {@link PassThroughBackend#execute} promises. Not 04h/01h (becoming ready), which
     * initiators retry without bound, while a backend may never come back.
     */
    static final SenseData UNREACHABLE = SenseData.of(SenseKey.NOT_READY, AdditionalSense.LOGICAL_UNIT_COMMUNICATION_FAILURE);
    /**
     * A command was in flight when its path was lost or timed out: ABORTED COMMAND (SPC-4 4.5.6: the device
     * server aborted the command, the application client may recover by trying it again), LOGICAL UNIT
     * COMMUNICATION FAILURE. Linux's sd retries ABORTED COMMAND a few times.
     */
    static final SenseData IN_FLIGHT_LOST = SenseData.of(SenseKey.ABORTED_COMMAND, AdditionalSense.LOGICAL_UNIT_COMMUNICATION_FAILURE);
    /**
     * The device answered with a status or sense this target cannot decode (unknown sense response code, CHECK
     * CONDITION without sense, a status SAM-5 does not define): HARDWARE ERROR, LOGICAL UNIT COMMUNICATION
     * FAILURE. Not ABORTED COMMAND: the command did run on the device and failed there, and a retry would likely
     * meet the same; only the reason got lost between the device and us.
     */
    static final SenseData MALFORMED_RESPONSE = SenseData.of(SenseKey.HARDWARE_ERROR, AdditionalSense.LOGICAL_UNIT_COMMUNICATION_FAILURE);
    /**
     * The initiator's Data-Out never arrived (connection lost, transfer aborted): ABORTED COMMAND, DATA PHASE
     * ERROR, as the core ends such a task itself; nothing was sent to the device.
     */
    static final SenseData DATA_OUT_LOST = SenseData.of(SenseKey.ABORTED_COMMAND, AdditionalSense.DATA_PHASE_ERROR);
    /**
     * The initiator announced a data direction the CDB contradicts (a WRITE without Data-Out, a READ with it):
     * ILLEGAL REQUEST, INVALID MESSAGE ERROR, what SCST's core answers then ({@code scst_sense_invalid_message}).
     */
    static final SenseData DIRECTION_MISMATCH = SenseData.of(SenseKey.ILLEGAL_REQUEST, AdditionalSense.INVALID_MESSAGE_ERROR);

    private final long timeoutMs;
    private final PeripheralDeviceType type;
    private final CopyListGuard copies = new CopyListGuard();
    private final BlockLength blockLength = new BlockLength();
    private final DeviceChanges changes = new DeviceChanges(this::controlModePage);

    /** A backend of a device of {@code type} whose configured command timeout is {@code timeoutMs}. */
    ForwardingBackend(long timeoutMs, PeripheralDeviceType type) {
        this.timeoutMs = timeoutMs;
        this.type = type;
    }

    /** The path commands go on now; failed at once while there is none (the task then fails UNREACHABLE). */
    abstract CompletableFuture<? extends ScsiPath> path();

    /** The path if the device is reachable now, else {@code null}. */
    abstract ScsiPath current();

    /** A command on {@code path} got no SCSI status ({@code cause}): the backend's chance to recover. */
    abstract void lost(ScsiPath path, Throwable cause);

    /** Completes with the device's identity once it first answered. */
    abstract CompletableFuture<BackendIdentity> identified();

    /** The device's identity as of the latest (re)connection. */
    abstract BackendIdentity identity();

    @Override
    public void execute(DeviceTask task) {
        if (task.direction() == DataDirection.BIDIRECTIONAL) {
            // Data-Out and Data-In in one command would need the bidirectional read length, which DeviceTask
            // does not carry; refusing it beats sending it as a write and dropping the data the device reads.
            task.fail(SenseData.invalidFieldInCdb(0, -1));
            return;
        }
        if (copies.refused(task)) {
            return;
        }
        path().whenComplete((p, e) -> {
            if (e != null) {
                task.fail(UNREACHABLE);
                return;
            }
            Transfer t = Transfer.of(task, CdbTable.of(task.cdb(), type, blockLength.value()));
            if (t == null) {
                // SCST's answer to a direction its CDB table contradicts (scst_parse_cmd): nothing is sent.
                task.fail(DIRECTION_MISMATCH);
                return;
            }
            if (t.direction() == DataDirection.OUT && t.length() > 0) {
                task.receiveDataOut((int) t.length()).whenComplete((out, f) -> {
                    if (f == null) {
                        forward(p, task, t, out);
                    } else {
                        // The core already ended the task (DATA PHASE ERROR, or TASK ABORTED) and ignores a
                        // second ending; a task that did not end would otherwise wait forever.
                        task.fail(DATA_OUT_LOST);
                    }
                });
            } else {
                // A write with no data still goes out as a write, so the device reports its overflow.
                forward(p, task, t, t.direction() == DataDirection.OUT ? task.alloc().directBuffer(0) : null);
            }
        });
    }

    private void forward(ScsiPath p, DeviceTask task, Transfer t, ByteBuf dataOut) {
        copies.sent(task, dataOut);
        long length = t.length();
        long selected = dataOut == null ? -1 : BlockLength.selected(task.opcode(), dataOut);
        p.execute(task.cdb().retainedDuplicate(), t.direction() == DataDirection.IN, (int) length, dataOut,
                timeoutMs(task.opcode())).whenComplete((r, e) -> {
                    if (e == null) {
                        if (r.status() == 0) {
                            blockLength.set(selected);
                            blockLength.observed(task.cdb(), r.dataIn());
                        }
                        BackendResults.complete(task, type == PeripheralDeviceType.SEQUENTIAL_ACCESS
                                ? TapeResiduals.fixed(task.cdb(), r, length) : r, length, changes);
                        return;
                    }
                    lost(p, e instanceof CompletionException && e.getCause() != null ? e.getCause() : e);
                    task.fail(IN_FLIGHT_LOST);
                });
    }

    /** The timeout of one command on this device ({@link CommandTimeouts}). */
    long timeoutMs(int opcode) {
        return CommandTimeouts.of(type, opcode, timeoutMs);
    }

    /** The configured command timeout. */
    long timeoutMs() {
        return timeoutMs;
    }

    /** What the real device reports about itself, for the core once it attached the device. */
    DeviceChanges changes() {
        return changes;
    }

    /** The device's Control page now, or {@code null} (no such page, or the backend is away). */
    private CompletableFuture<ControlModePage> controlModePage() {
        ScsiPath p = current();
        return p == null ? CompletableFuture.completedFuture(null)
                : BackendIdentity.dataIn(p, ControlModePage.modeSense10(252), timeoutMs).thenApply(ControlModePage::parse);
    }

    /** An I_T nexus of the pass-through LUN is gone: its EXTENDED COPY list identifiers too. */
    void nexusLost(long nexusId) {
        copies.nexusLost(nexusId);
    }
}
