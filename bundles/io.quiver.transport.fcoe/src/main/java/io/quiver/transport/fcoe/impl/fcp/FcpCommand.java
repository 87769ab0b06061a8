package io.quiver.transport.fcoe.impl.fcp;

import io.netty.buffer.ByteBuf;
import io.quiver.scsi.DataDirection;
import io.quiver.scsi.TaskAttribute;
import io.quiver.spi.target.TaskManagementFunction;
import io.quiver.transport.fcoe.impl.frame.MalformedFrameException;

/**
 * A decoded FCP_CMND IU (FCP-4 9.2): LUN, task attribute, task management flags, direction, CDB (with the
 * additional CDB length) and FCP_DL. The CDB is a slice of the received frame, valid during the callback.
 * Immutable.
 */
public record FcpCommand(long lun, TaskAttribute attribute, int taskManagementFlags, DataDirection direction,
        ByteBuf cdb, long dataLength) {

    public static final int TMF_ABORT_TASK_SET = 0x02;
    public static final int TMF_CLEAR_TASK_SET = 0x04;
    public static final int TMF_LUN_RESET = 0x10;
    public static final int TMF_TARGET_RESET = 0x20;
    public static final int TMF_CLEAR_ACA = 0x40;

    /** Decodes the IU in {@code payload}'s readable bytes (not consumed). */
    public static FcpCommand decode(ByteBuf payload) throws MalformedFrameException {
        int at = payload.readerIndex();
        if (payload.readableBytes() < 32) {
            throw new MalformedFrameException("FCP_CMND of " + payload.readableBytes() + " bytes");
        }
        int flags = payload.getUnsignedByte(at + 11);
        int additional = (flags >> 2) * 4;
        if (payload.readableBytes() < 32 + additional) {
            throw new MalformedFrameException("FCP_CMND shorter than its additional CDB length " + additional);
        }
        DataDirection direction = switch (flags & 3) {
            case 1 -> DataDirection.OUT;
            case 2 -> DataDirection.IN;
            case 0 -> DataDirection.NONE;
            default -> throw new MalformedFrameException("FCP_CMND with both RDDATA and WRDATA");
        };
        TaskAttribute attribute = switch (payload.getUnsignedByte(at + 9) & 7) {
            case 1 -> TaskAttribute.HEAD_OF_QUEUE;
            case 2 -> TaskAttribute.ORDERED;
            case 4 -> TaskAttribute.ACA;
            default -> TaskAttribute.SIMPLE;
        };
        return new FcpCommand(payload.getLong(at), attribute, payload.getUnsignedByte(at + 10), direction,
                payload.slice(at + 12, 16 + additional), payload.getUnsignedInt(at + 28 + additional));
    }

    /** The task management function the flags ask for, or null if they ask for none or several. */
    public TaskManagementFunction taskManagementFunction() {
        return switch (taskManagementFlags) {
            case TMF_ABORT_TASK_SET -> TaskManagementFunction.ABORT_TASK_SET;
            case TMF_CLEAR_TASK_SET -> TaskManagementFunction.CLEAR_TASK_SET;
            case TMF_LUN_RESET -> TaskManagementFunction.LOGICAL_UNIT_RESET;
            case TMF_TARGET_RESET -> TaskManagementFunction.TARGET_RESET;
            case TMF_CLEAR_ACA -> TaskManagementFunction.CLEAR_ACA;
            default -> null;
        };
    }
}
