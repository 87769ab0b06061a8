package io.quiver.core.impl.cmd;

import io.netty.buffer.ByteBuf;
import io.quiver.core.impl.map.LunAddress;
import io.quiver.core.impl.target.PendingConditions;
import io.quiver.core.impl.target.Task;
import io.quiver.scsi.AdditionalSense;
import io.quiver.scsi.SenseData;
import io.quiver.scsi.SenseKey;

/**
 * REQUEST SENSE (SPC-4 6.39): the oldest pending unit attention of the I_T_L nexus (cleared by being
 * reported), else its oldest deferred error (likewise), else NO SENSE, or LOGICAL UNIT NOT SUPPORTED at a LUN without a logical unit. Fixed or
 * descriptor format by the DESC bit, truncated to the allocation length. Stateless.
 */
final class RequestSense {

    private RequestSense() {
    }

    static void execute(Task task) {
        boolean descriptor = (task.cdbByte(1) & 0x01) != 0;
        int allocation = task.cdbByte(4);
        // A LUN that lost its logical unit may still owe REPORTED LUNS DATA HAS CHANGED: report it first.
        PendingConditions pending = task.session().conditions();
        AdditionalSense ua = task.lunNumber() >= 0 ? pending.pollUnitAttention(task.lunNumber()) : null;
        SenseData deferred = ua == null && task.lunNumber() >= 0 ? pending.pollDeferredError(task.lunNumber()) : null;
        SenseData sense;
        if (ua != null) {
            sense = SenseData.of(SenseKey.UNIT_ATTENTION, ua);
        } else if (deferred != null) {
            sense = deferred;
        } else if (task.unit() == null && task.lunNumber() != LunAddress.WELL_KNOWN_REPORT_LUNS) {
            sense = SenseData.of(SenseKey.ILLEGAL_REQUEST, AdditionalSense.LOGICAL_UNIT_NOT_SUPPORTED);
        } else {
            sense = SenseData.of(SenseKey.NO_SENSE, AdditionalSense.NO_ADDITIONAL_SENSE_INFORMATION);
        }
        ByteBuf out = task.alloc().buffer(sense.encodedLength(descriptor));
        sense.encode(out, descriptor);
        Responses.send(task, out, allocation);
    }
}
