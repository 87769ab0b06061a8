package io.quiver.core.impl.cmd;

import io.quiver.core.impl.target.LogicalUnit;
import io.quiver.core.impl.target.Task;
import io.quiver.scsi.ScsiOpcode;

/**
 * The commands the core answers itself rather than the device: REPORT LUNS, standard INQUIRY and the
 * VPD pages 00h, 80h, 83h and 86h, REQUEST SENSE, REPORT SUPPORTED OPERATION CODES and REPORT SUPPORTED
 * TASK MANAGEMENT FUNCTIONS. INQUIRY for a VPD page the device lists goes to the device. Stateless;
 * runs on whatever thread the pipeline dispatches on and never blocks.
 */
public final class CoreCommands {

    private CoreCommands() {
    }

    /** Whether the core answers this task itself. */
    public static boolean handles(Task task) {
        switch (task.opcode()) {
            case ScsiOpcode.REPORT_LUNS:
            case ScsiOpcode.REQUEST_SENSE:
                return true;
            case ScsiOpcode.INQUIRY:
                return !Inquiry.isDevicePage(task);
            case ScsiOpcode.MAINTENANCE_IN: {
                int sa = task.cdbByte(1) & 0x1F;
                return sa == ScsiOpcode.MI_REPORT_SUPPORTED_OPERATION_CODES
                        || sa == ScsiOpcode.MI_REPORT_SUPPORTED_TASK_MANAGEMENT_FUNCTIONS;
            }
            default:
                return false;
        }
    }

    /** Answers a task {@link #handles} accepted (or one at a LUN without a logical unit). */
    public static void execute(Task task) {
        switch (task.opcode()) {
            case ScsiOpcode.REPORT_LUNS:
                ReportLuns.execute(task);
                break;
            case ScsiOpcode.REQUEST_SENSE:
                RequestSense.execute(task);
                break;
            case ScsiOpcode.INQUIRY:
                if (Inquiry.isDevicePage(task)) {
                    LogicalUnit unit = task.unit();
                    unit.device().execute(task);
                } else {
                    Inquiry.execute(task);
                }
                break;
            default:
                if ((task.cdbByte(1) & 0x1F) == ScsiOpcode.MI_REPORT_SUPPORTED_OPERATION_CODES) {
                    SupportedOperationCodes.execute(task);
                } else {
                    SupportedTaskManagementFunctions.execute(task);
                }
        }
    }

    /** A big-endian CDB field of {@code length} bytes at {@code offset}. */
    static long field(Task task, int offset, int length) {
        long v = 0;
        for (int i = 0; i < length; i++) {
            v = v << 8 | task.cdbByte(offset + i);
        }
        return v;
    }
}
