package io.quiver.transport.iscsi.impl.session;

import io.netty.buffer.ByteBuf;
import io.quiver.scsi.DataDirection;
import io.quiver.scsi.TaskAttribute;
import io.quiver.spi.target.TaskManagementFunction;
import io.quiver.transport.iscsi.impl.login.OperationalParameters;
import io.quiver.transport.iscsi.impl.pdu.DataPdu;
import io.quiver.transport.iscsi.impl.pdu.IscsiPdu;
import io.quiver.transport.iscsi.impl.pdu.RejectPdu;
import io.quiver.transport.iscsi.impl.pdu.ScsiCommandPdu;
import io.quiver.transport.iscsi.impl.pdu.TaskManagementPdu;

/**
 * Turns SCSI Command, Data-Out and Task Management Function Request PDUs of a normal session into
 * {@link ScsiTask}s and {@link TaskManagementTask}s for the core, rejecting what RFC 7143 forbids (immediate
 * data beyond FirstBurstLength or when ImmediateData=No, a reused ITT, a Data-Out for no task). Runs on the
 * connection's event loop; not thread-safe.
 */
final class CommandDispatcher {

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
            int unsolicited = p.initialR2T() ? immediate : (int) Math.min(p.firstBurstLength(), expected);
            task.dataOut().expectUnsolicited(unsolicited);
            if (immediate > 0) {
                task.dataOut().data(0, pdu.data(), IscsiPdu.RESERVED_TAG);
            }
        }
        session.tasks().put(itt, task);
        session.window().commandStarted();
        session.nexus().submit(task);
    }

    void dataOut(IscsiPdu pdu) {
        ScsiTask task = session.tasks().get(pdu.initiatorTaskTag());
        if (task == null || task.dataOut() == null) {
            reject(pdu, RejectPdu.INVALID_PDU_FIELD);
            return;
        }
        String error = task.dataOut().data(DataPdu.bufferOffset(pdu), pdu.data(), DataPdu.targetTransferTag(pdu));
        if (error != null) {
            reject(pdu, RejectPdu.INVALID_PDU_FIELD);
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
