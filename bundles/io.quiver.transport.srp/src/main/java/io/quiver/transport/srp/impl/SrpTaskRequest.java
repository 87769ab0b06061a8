package io.quiver.transport.srp.impl;

import io.quiver.spi.target.TaskManagementFunction;
import io.quiver.spi.target.TaskManagementRequest;
import io.quiver.spi.target.TaskManagementResult;
import io.quiver.transport.srp.iu.ResponseIu;
import io.quiver.transport.srp.iu.SrpProtocolException;
import io.quiver.transport.srp.iu.SrpResponseCode;
import io.quiver.transport.srp.iu.TaskManagementIu;

/**
 * One SRP_TSK_MGMT as the core's {@link TaskManagementRequest}: SRP's five functions mapped onto SAM's, the
 * core's service response mapped onto an SRP_RSP RSP_CODE. Thread-safe (immutable apart from the channel).
 */
final class SrpTaskRequest implements TaskManagementRequest {

    private final SrpChannel channel;
    private final TaskManagementIu iu;
    private final TaskManagementFunction function;

    private SrpTaskRequest(SrpChannel channel, TaskManagementIu iu, TaskManagementFunction function) {
        this.channel = channel;
        this.iu = iu;
        this.function = function;
    }

    /**
     * Submits the function to the nexus' session.
     *
     * @throws SrpProtocolException {@link SrpResponseCode#FUNCTION_NOT_SUPPORTED} for a code SRP does not define
     */
    static void submit(SrpChannel channel, TaskManagementIu iu) throws SrpProtocolException {
        channel.session().submit(new SrpTaskRequest(channel, iu, function(iu)));
    }

    static TaskManagementFunction function(TaskManagementIu iu) throws SrpProtocolException {
        return switch (iu.function()) {
            case TaskManagementIu.ABORT_TASK -> TaskManagementFunction.ABORT_TASK;
            case TaskManagementIu.ABORT_TASK_SET -> TaskManagementFunction.ABORT_TASK_SET;
            case TaskManagementIu.CLEAR_TASK_SET -> TaskManagementFunction.CLEAR_TASK_SET;
            case TaskManagementIu.LUN_RESET -> TaskManagementFunction.LOGICAL_UNIT_RESET;
            case TaskManagementIu.CLEAR_ACA -> TaskManagementFunction.CLEAR_ACA;
            default -> throw SrpProtocolException.taskManagement(SrpResponseCode.FUNCTION_NOT_SUPPORTED, iu.tag(),
                    "TASK MANAGEMENT FLAGS", "function 0x" + Integer.toHexString(iu.function()) + " is not SRP's");
        };
    }

    /**
     * The RSP_CODE for a service response. ABORT TASK of a task that no longer exists is FUNCTION COMPLETE, as
     * SAM-5 7.2 says (the command finished before the abort reached it).
     */
    static SrpResponseCode responseCode(TaskManagementResult result) {
        return switch (result.response()) {
            case FUNCTION_COMPLETE, FUNCTION_SUCCEEDED, TASK_DOES_NOT_EXIST -> SrpResponseCode.COMPLETE;
            case FUNCTION_REJECTED -> SrpResponseCode.FUNCTION_NOT_SUPPORTED;
            case INCORRECT_LOGICAL_UNIT_NUMBER, SERVICE_DELIVERY_OR_TARGET_FAILURE -> SrpResponseCode.FUNCTION_FAILED;
        };
    }

    @Override
    public TaskManagementFunction function() {
        return function;
    }

    @Override
    public long lun() {
        return iu.lun();
    }

    @Override
    public long referencedTag() {
        return iu.taskTag();
    }

    @Override
    public void complete(TaskManagementResult result) {
        channel.respond(delta -> ResponseIu.responseCode(iu.tag(), delta, responseCode(result)));
    }
}
