package io.quiver.iscsi.pdu;

import io.netty.buffer.ByteBufAllocator;
import io.quiver.spi.target.TaskManagementFunction;
import io.quiver.spi.target.TaskManagementResponse;

/**
 * Field access for the Task Management Function Request (RFC 7143, 11.5) and building of its Response
 * (11.6), with the mapping between iSCSI function / response codes and SAM-5's. Stateless.
 */
public final class TaskManagementPdu {

    /** Response: Function complete. */
    public static final int FUNCTION_COMPLETE = 0;
    public static final int TASK_DOES_NOT_EXIST = 1;
    public static final int LUN_DOES_NOT_EXIST = 2;
    public static final int TASK_ALLEGIANCE_REASSIGNMENT_NOT_SUPPORTED = 4;
    public static final int FUNCTION_NOT_SUPPORTED = 5;
    public static final int FUNCTION_REJECTED = 255;

    private static final int TASK_REASSIGN = 8;

    private TaskManagementPdu() {
    }

    public static int functionCode(IscsiPdu pdu) {
        return pdu.flags() & 0x7F;
    }

    /** TASK REASSIGN needs ErrorRecoveryLevel 2, which Quiver does not offer. */
    public static boolean isTaskReassign(IscsiPdu pdu) {
        return functionCode(pdu) == TASK_REASSIGN;
    }

    /** The SAM-5 function for the request, or {@code null} if it has none. */
    public static TaskManagementFunction function(IscsiPdu pdu) {
        switch (functionCode(pdu)) {
            case 1: return TaskManagementFunction.ABORT_TASK;
            case 2: return TaskManagementFunction.ABORT_TASK_SET;
            case 3: return TaskManagementFunction.CLEAR_ACA;
            case 4: return TaskManagementFunction.CLEAR_TASK_SET;
            case 5: return TaskManagementFunction.LOGICAL_UNIT_RESET;
            case 6: return TaskManagementFunction.TARGET_RESET;
            case 7: return TaskManagementFunction.TARGET_COLD_RESET;
            case 9: return TaskManagementFunction.QUERY_TASK;
            case 10: return TaskManagementFunction.QUERY_TASK_SET;
            case 11: return TaskManagementFunction.I_T_NEXUS_RESET;
            case 12: return TaskManagementFunction.QUERY_ASYNCHRONOUS_EVENT;
            default: return null;
        }
    }

    public static int referencedTaskTag(IscsiPdu pdu) {
        return pdu.intAt(20);
    }

    public static int cmdSn(IscsiPdu pdu) {
        return pdu.intAt(24);
    }

    public static int refCmdSn(IscsiPdu pdu) {
        return pdu.intAt(32);
    }

    /** The iSCSI response code for a SAM-5 service response. */
    public static int responseCode(TaskManagementResponse r) {
        switch (r) {
            case FUNCTION_COMPLETE:
                return FUNCTION_COMPLETE;
            case FUNCTION_SUCCEEDED:
                // RFC 7143 has no separate code; a QUERY whose subject exists answers "Function complete".
                return FUNCTION_COMPLETE;
            case TASK_DOES_NOT_EXIST:
                return TASK_DOES_NOT_EXIST;
            case INCORRECT_LOGICAL_UNIT_NUMBER:
                return LUN_DOES_NOT_EXIST;
            default:
                return FUNCTION_REJECTED;
        }
    }

    public static IscsiPdu response(ByteBufAllocator alloc, int itt, int response) {
        return IscsiPdu.create(alloc, Opcode.TASK_MANAGEMENT_RESPONSE, 0x80, null).setByte(2, response)
                .setInitiatorTaskTag(itt);
    }
}
