package io.quiver.core.impl.cmd;

import io.netty.buffer.ByteBuf;
import io.quiver.core.impl.map.LunAddress;
import io.quiver.core.impl.target.Task;
import io.quiver.scsi.AdditionalSense;
import io.quiver.scsi.SenseData;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * REPORT LUNS (SPC-4 6.33) for the LUN map of the nexus. SELECT REPORT 00h lists the logical units, 01h
 * the well-known REPORT LUNS LUN, 02h both; 10h to 12h (administrative and subsidiary logical units)
 * list nothing, since the core has no conglomerates. Clears the nexus' REPORTED LUNS DATA HAS CHANGED
 * unit attentions. Stateless.
 */
final class ReportLuns {

    private ReportLuns() {
    }

    static void execute(Task task) {
        int select = task.cdbByte(2);
        long allocation = CoreCommands.field(task, 6, 4);
        if (allocation < 16) {
            task.fail(SenseData.invalidFieldInCdb(6, -1));
            return;
        }
        List<Long> luns = new ArrayList<>();
        switch (select) {
            case 0x00:
            case 0x02:
                new TreeSet<>(task.session().lunMap().keySet()).forEach(l -> luns.add(LunAddress.encode(l)));
                if (select == 0x02) {
                    luns.add(LunAddress.REPORT_LUNS_WLUN);
                }
                break;
            case 0x01:
                luns.add(LunAddress.REPORT_LUNS_WLUN);
                break;
            case 0x10:
            case 0x11:
            case 0x12:
                break;
            default:
                task.fail(SenseData.invalidFieldInCdb(2, -1));
                return;
        }
        task.session().conditions().clearUnitAttention(AdditionalSense.REPORTED_LUNS_DATA_HAS_CHANGED);
        ByteBuf out = task.alloc().buffer(8 + luns.size() * 8);
        out.writeInt(luns.size() * 8).writeInt(0);
        luns.forEach(out::writeLong);
        Responses.send(task, out, allocation);
    }
}
