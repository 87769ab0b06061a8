package io.quiver.transport.iscsi.impl.session;

import io.netty.buffer.ByteBuf;
import io.quiver.scsi.AdditionalSense;
import io.quiver.scsi.DataDirection;
import io.quiver.scsi.SenseData;
import io.quiver.scsi.SenseKey;
import io.quiver.scsi.TaskAttribute;
import io.quiver.spi.target.CommandResponse;
import io.quiver.spi.target.TaskManagementFunction;
import io.quiver.iscsi.login.OperationalParameters;
import io.quiver.iscsi.pdu.DataPdu;
import io.quiver.iscsi.pdu.IscsiPdu;
import io.quiver.iscsi.pdu.RejectPdu;
import io.quiver.iscsi.pdu.ScsiCommandPdu;
import io.quiver.iscsi.pdu.TaskManagementPdu;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns SCSI Command, Data-Out and Task Management Function Request PDUs of a normal session into
 * {@link ScsiTask}s and {@link TaskManagementTask}s for the core, rejecting what RFC 7143 forbids (immediate
 * data beyond FirstBurstLength or when ImmediateData=No, a reused ITT, a Data-Out for no task). Runs on the
 * connection's event loop; not thread-safe.
 */
final class CommandDispatcher {

    private static final Logger LOG = LoggerFactory.getLogger(CommandDispatcher.class);

    private final IscsiConnection connection;
    private final IscsiSession session;

    CommandDispatcher(IscsiConnection connection, IscsiSession session) {
        this.connection = connection;
        this.session = session;
    }

    void scsiCommand(IscsiPdu pdu) {
        int itt = pdu.initiatorTaskTag();
        TaskAttribute attribute = ScsiCommandPdu.taskAttribute(pdu);
        DataDirection direction = ScsiCommandPdu.direction(pdu);
        long expected = ScsiCommandPdu.expectedDataTransferLength(pdu);
        OperationalParameters p = session.parameters();
        int immediate = pdu.data().readableBytes();
        if (session.tasks().containsKey(itt)) {
            reject(pdu, RejectPdu.TASK_IN_PROGRESS);
            return;
        }
        if (attribute == null || itt == IscsiPdu.RESERVED_TAG) {
            reject(pdu, RejectPdu.INVALID_PDU_FIELD);
            return;
        }
        if (immediate > 0 && (!ScsiCommandPdu.isWrite(pdu) || !p.immediateData()
                || immediate > Math.min(p.firstBurstLength(), expected))) {
            reject(pdu, RejectPdu.PROTOCOL_ERROR);
            return;
        }
        ByteBuf cdb = ScsiCommandPdu.cdb(connection.alloc(), pdu);
        if (cdb == null) {
            reject(pdu, RejectPdu.INVALID_PDU_FIELD);
            return;
        }
        ScsiTask task = new ScsiTask(connection, session, pdu.lun(), itt, cdb, attribute, direction, expected);
        if (ScsiCommandPdu.isWrite(pdu)) {
            // F set: no unsolicited Data-Out follows, whatever InitialR2T allowed (RFC 7143 11.3.1).
            int unsolicited = p.initialR2T() || pdu.isFinal() ? immediate
                    : (int) Math.min(p.firstBurstLength(), expected);
            if (immediate > 0 && immediate == expected && unsolicited == immediate) {
                task.allDataImmediate(pdu.data().retainedSlice());
            } else {
                task.dataOut().expectUnsolicited(unsolicited, unsolicited > immediate);
                if (immediate > 0) {
                    task.dataOut().immediate(pdu.data());
                }
            }
        }
        session.tasks().put(itt, task);
        session.window().commandStarted();
        try {
            session.nexus().submit(task);
        } catch (RuntimeException e) {
            // The core broke its contract; the initiator still gets an answer and nothing stays held.
            LOG.error("core failed to accept command ITT 0x{}", Integer.toHexString(itt), e);
            task.complete(CommandResponse.checkCondition(
                    SenseData.of(SenseKey.HARDWARE_ERROR, AdditionalSense.INTERNAL_TARGET_FAILURE), false));
        }
    }

    void dataOut(IscsiPdu pdu) {
        ScsiTask task = session.tasks().get(pdu.initiatorTaskTag());
        if (task == null && session.finishedLately(pdu.initiatorTaskTag())) {
            // RFC 7143 4.2.3.3: Data-Out of a task that ended (aborted, failed early) is discarded.
            return;
        }
        if (task == null || task.dataOut() == null) {
            reject(pdu, RejectPdu.INVALID_PDU_FIELD);
            return;
        }
        DataOutReceiver.Outcome outcome = task.dataOut().data(DataPdu.bufferOffset(pdu), pdu.data(),
                DataPdu.targetTransferTag(pdu), DataPdu.dataSn(pdu), pdu.isFinal());
        if (outcome == DataOutReceiver.Outcome.REJECTED) {
            reject(pdu, RejectPdu.INVALID_PDU_FIELD);
        } else if (outcome == DataOutReceiver.Outcome.FATAL) {
            // ErrorRecoveryLevel 0 has no within-command recovery: the connection (and session) fails.
            connection.sendAndClose(RejectPdu.of(connection.alloc(), RejectPdu.PROTOCOL_ERROR, pdu.bhs()));
        }
    }

    void taskManagement(IscsiPdu pdu) {
        TaskManagementFunction function = TaskManagementPdu.function(pdu);
        int response = -1;
        if (TaskManagementPdu.isTaskReassign(pdu)) {
            response = TaskManagementPdu.TASK_ALLEGIANCE_REASSIGNMENT_NOT_SUPPORTED;
        } else if (function == null) {
            response = TaskManagementPdu.FUNCTION_NOT_SUPPORTED;
        }
        if (response >= 0) {
            connection.send(TaskManagementPdu.response(connection.alloc(), pdu.initiatorTaskTag(), response));
            return;
        }
        TaskManagementTask tmf = new TaskManagementTask(connection, function, pdu.lun(), pdu.initiatorTaskTag(),
                TaskManagementPdu.referencedTaskTag(pdu));
        session.nexus().submit(tmf);
    }

    private void reject(IscsiPdu pdu, int reason) {
        connection.send(RejectPdu.of(connection.alloc(), reason, pdu.bhs()));
    }
}
