package io.quiver.core.impl.target;

import io.quiver.scsi.ScsiStatus;
import io.quiver.scsi.TaskAttribute;

/**
 * The auto contingent allegiance condition of one logical unit (SAM-5 5.9; NormACA 1 in the standard
 * INQUIRY data). A command whose CDB CONTROL byte has NACA set and that ends in CHECK CONDITION
 * establishes it on its I_T_L nexus (NACA 0 faults establish nothing). While it lasts:
 * <ul>
 * <li>a command from the faulted nexus without the ACA attribute ends with ACA ACTIVE;</li>
 * <li>an ACA-attribute command from the faulted nexus runs (ahead of the task set, like HEAD OF QUEUE),
 * one at a time: a second while one runs ends with ACA ACTIVE;</li>
 * <li>any command from another nexus ends with ACA ACTIVE. The task set is shared (TST 000b) and ACA is
 * only established by NACA 1 faults, so the BUSY that SAM-2 gave other initiators for a NACA 0
 * contingent allegiance never applies.</li>
 * </ul>
 * An ACA-attribute command when no ACA exists is a protocol error, CHECK CONDITION with ILLEGAL REQUEST,
 * INVALID MESSAGE ERROR (SAM-5 8.9.5, the task attribute being a message in SAM's model). CLEAR ACA from
 * the faulted nexus, a logical unit reset (and so a target reset) and the loss of the faulted nexus
 * clear the condition. Tasks already in the task set when the fault occurred continue (QErr 00b).
 *
 * <p>Thread-safe (synchronized; every operation is short).
 */
final class AcaCondition {

    /** What {@link #admit} decides for a new command. */
    enum Admission {
        /** The command proceeds through the pipeline. */
        PROCEED,
        /** The command ends with ACA ACTIVE status. */
        ACA_ACTIVE,
        /** The command has the ACA attribute but no ACA exists: INVALID MESSAGE ERROR. */
        NO_ACA
    }

    private CoreSession faulted;
    private int faultedLun;
    private Task acaTask;

    /** Decides whether a new command of this logical unit may proceed; records an admitted ACA task. */
    synchronized Admission admit(Task task) {
        boolean aca = task.attribute() == TaskAttribute.ACA;
        if (faulted == null) {
            return aca ? Admission.NO_ACA : Admission.PROCEED;
        }
        if (!isFaulted(task.session(), task.lunNumber()) || !aca || acaTask != null) {
            return Admission.ACA_ACTIVE;
        }
        acaTask = task;
        return Admission.PROCEED;
    }

    /**
     * A task of this logical unit finished with {@code status}, before its response goes to the
     * transport: an ACA task frees the ACA slot; a NACA 1 command ending in CHECK CONDITION establishes
     * (or re-establishes) the ACA on its nexus.
     */
    synchronized void finished(Task task, ScsiStatus status, boolean aborted) {
        if (acaTask == task) {
            acaTask = null;
        }
        if (!aborted && status == ScsiStatus.CHECK_CONDITION && naca(task)) {
            faulted = task.session();
            faultedLun = task.lunNumber();
        }
    }

    /** Whether an ACA exists on exactly this I_T_L nexus. */
    synchronized boolean isFaulted(CoreSession session, int lun) {
        return faulted == session && faultedLun == lun;
    }

    /** Whether an ACA exists on any nexus. */
    synchronized boolean isActive() {
        return faulted != null;
    }

    /**
     * Clears the condition (CLEAR ACA, logical unit reset).
     *
     * @return the ACA task still running, which CLEAR ACA aborts, or {@code null}
     */
    synchronized Task clear() {
        Task running = acaTask;
        faulted = null;
        acaTask = null;
        return running;
    }

    /** I_T nexus loss: clears the condition if that nexus was the faulted one. */
    synchronized void nexusLost(CoreSession session) {
        if (faulted == session) {
            faulted = null;
            acaTask = null;
        }
    }

    /**
     * The NACA bit (bit 2) of the CDB CONTROL byte, the last byte of the CDB by its operation code group
     * (SPC-4 4.2.5); byte 1 of a variable-length CDB (7Fh).
     */
    static boolean naca(Task task) {
        int op = task.opcode();
        int control;
        if (op == 0x7F) {
            control = 1;
        } else {
            switch (op >>> 5) {
                case 0:
                    control = 5;
                    break;
                case 1:
                case 2:
                    control = 9;
                    break;
                case 4:
                    control = 15;
                    break;
                case 5:
                    control = 11;
                    break;
                default:
                    return false;
            }
        }
        return (task.cdbByte(control) & 0x04) != 0;
    }
}
