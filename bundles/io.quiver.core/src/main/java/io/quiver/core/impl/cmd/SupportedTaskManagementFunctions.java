package io.quiver.core.impl.cmd;

import io.netty.buffer.ByteBuf;
import io.quiver.core.impl.target.Task;

/**
 * REPORT SUPPORTED TASK MANAGEMENT FUNCTIONS (SPC-4 6.37): every function SAM-5 defines except WAKEUP,
 * in the 4-byte format or, with REPD, the 16-byte extended format. Stateless.
 */
final class SupportedTaskManagementFunctions {

    /** ATS, ATSS, CACAS, CTSS, LURS, QTS, TRS (WAKES 0). */
    static final int BYTE0 = 0xFE;
    /** QAES, QTSS, ITNRS. */
    static final int BYTE1 = 0x07;

    private SupportedTaskManagementFunctions() {
    }

    static void execute(Task task) {
        boolean repd = (task.cdbByte(2) & 0x80) != 0;
        long allocation = CoreCommands.field(task, 6, 4);
        ByteBuf out = task.alloc().buffer(16);
        out.writeByte(BYTE0).writeByte(BYTE1).writeByte(0);
        out.writeByte(repd ? 0x0C : 0);
        if (repd) {
            out.writeZero(12);
        }
        Responses.send(task, out, allocation);
    }
}
