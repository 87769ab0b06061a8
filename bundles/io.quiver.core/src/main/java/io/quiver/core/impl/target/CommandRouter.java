package io.quiver.core.impl.target;

import io.quiver.core.impl.cmd.CoreCommands;
import io.quiver.core.impl.lu.LogicalUnitService;
import io.quiver.core.impl.map.LunAddress;
import io.quiver.scsi.AdditionalSense;
import io.quiver.scsi.ScsiOpcode;
import io.quiver.scsi.ScsiStatus;
import io.quiver.scsi.SenseData;
import io.quiver.scsi.SenseKey;

/**
 * The front of the pipeline (SAM-5 / SPC-4 order): LUN resolution, then the ACA condition
 * ({@link AcaCondition}), then the pending unit attention, then a pending deferred error,
 * then each logical-unit service's {@code check}, then the nexus' and the task set's queue depth and
 * ordering. Runs on the submitting thread and never blocks. Stateless.
 */
final class CommandRouter {

    private CommandRouter() {
    }

    static void route(Task task) {
        int op = task.opcode();
        LogicalUnit unit = task.unit();
        if (unit == null) {
            routeWithoutUnit(task, op);
            return;
        }
        switch (unit.aca().admit(task)) {
            case ACA_ACTIVE:
                task.complete(ScsiStatus.ACA_ACTIVE, null, null, 0);
                return;
            case NO_ACA:
                // An ACA task without an ACA condition is a protocol error (SAM-5 8.9.5).
                task.fail(SenseData.of(SenseKey.ILLEGAL_REQUEST, AdditionalSense.INVALID_MESSAGE_ERROR));
                return;
            default:
                break;
        }
        if (!passesUnitAttention(op)) {
            AdditionalSense ua = task.session().conditions().pollUnitAttention(task.lunNumber());
            if (ua != null) {
                task.fail(SenseData.of(SenseKey.UNIT_ATTENTION, ua));
                return;
            }
            // A deferred error ends the next command after the unit attentions (SPC-4 4.5.4, 5.14).
            SenseData deferred = task.session().conditions().pollDeferredError(task.lunNumber());
            if (deferred != null) {
                task.fail(deferred);
                return;
            }
        }
        for (LogicalUnitService s : unit.services()) {
            if (s.check(task) != null) {
                return;
            }
        }
        if (task.session().inFlight() > task.session().queueDepth() || !unit.taskSet().submit(task)) {
            task.complete(ScsiStatus.TASK_SET_FULL, null, null, 0);
        }
    }

    /**
     * INQUIRY, REPORT LUNS and REQUEST SENSE are not blocked by a unit attention (SPC-4 5.14) nor by a
     * deferred error (REQUEST SENSE reports it).
     */
    private static boolean passesUnitAttention(int op) {
        return op == ScsiOpcode.INQUIRY || op == ScsiOpcode.REPORT_LUNS || op == ScsiOpcode.REQUEST_SENSE;
    }

    /**
     * A LUN without a logical unit (not mapped, device gone, or the REPORT LUNS well-known LUN): the core
     * answers INQUIRY, REPORT LUNS and REQUEST SENSE there; the rest get LOGICAL UNIT NOT SUPPORTED, or
     * INVALID COMMAND OPERATION CODE at the well-known LUN.
     */
    private static void routeWithoutUnit(Task task, int op) {
        boolean wellKnown = task.lunNumber() == LunAddress.WELL_KNOWN_REPORT_LUNS;
        if (task.unitDeparted() && op != ScsiOpcode.REPORT_LUNS && op != ScsiOpcode.REQUEST_SENSE) {
            // Its device left moments ago and may be coming back (DepartingUnits): retry, do not give up.
            task.complete(ScsiStatus.BUSY, null, null, 0);
        } else if (op == ScsiOpcode.INQUIRY || op == ScsiOpcode.REPORT_LUNS || op == ScsiOpcode.REQUEST_SENSE) {
            CoreCommands.execute(task);
        } else if (wellKnown && op == ScsiOpcode.TEST_UNIT_READY) {
            task.complete();
        } else if (wellKnown) {
            task.fail(SenseData.invalidOpcode());
        } else {
            task.fail(SenseData.of(SenseKey.ILLEGAL_REQUEST, AdditionalSense.LOGICAL_UNIT_NOT_SUPPORTED));
        }
    }
}
