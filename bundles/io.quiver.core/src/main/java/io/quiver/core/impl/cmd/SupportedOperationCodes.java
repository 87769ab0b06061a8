package io.quiver.core.impl.cmd;

import io.netty.buffer.ByteBuf;
import io.quiver.core.impl.lu.LogicalUnitServiceFactory;
import io.quiver.core.impl.target.LogicalUnit;
import io.quiver.core.impl.target.Task;
import io.quiver.scsi.ScsiOpcode;
import io.quiver.scsi.SenseData;
import io.quiver.spi.device.CommandDescriptor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * REPORT SUPPORTED OPERATION CODES (SPC-4 6.35): the core's commands, then the logical-unit service
 * factories', then the device's table (first entry wins for an opcode and service action). Reporting
 * options 000b (all), 001b (opcode), 010b (opcode and service action) and 011b (either), each with
 * command timeouts descriptors when RCTD is set. Stateless.
 */
final class SupportedOperationCodes {

    /** Recommended timeout the core reports, in seconds; handlers may know better but do not say. */
    static final int RECOMMENDED_TIMEOUT = 30;

    static final List<CommandDescriptor> CORE = List.of(
            new CommandDescriptor(ScsiOpcode.INQUIRY, -1, bytes(0x12, 0x01, 0xFF, 0xFF, 0xFF, 0x00)),
            new CommandDescriptor(ScsiOpcode.REQUEST_SENSE, -1, bytes(0x03, 0x01, 0x00, 0x00, 0xFF, 0x00)),
            new CommandDescriptor(ScsiOpcode.REPORT_LUNS, -1,
                    bytes(0xA0, 0x00, 0xFF, 0x00, 0x00, 0x00, 0xFF, 0xFF, 0xFF, 0xFF, 0x00, 0x00)),
            new CommandDescriptor(ScsiOpcode.MAINTENANCE_IN, ScsiOpcode.MI_REPORT_SUPPORTED_OPERATION_CODES,
                    bytes(0xA3, 0x1F, 0x87, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x00, 0x00)),
            new CommandDescriptor(ScsiOpcode.MAINTENANCE_IN, ScsiOpcode.MI_REPORT_SUPPORTED_TASK_MANAGEMENT_FUNCTIONS,
                    bytes(0xA3, 0x1F, 0x80, 0x00, 0x00, 0x00, 0xFF, 0xFF, 0xFF, 0xFF, 0x00, 0x00)));

    private SupportedOperationCodes() {
    }

    static void execute(Task task) {
        int options = task.cdbByte(2) & 0x07;
        boolean rctd = (task.cdbByte(2) & 0x80) != 0;
        int opcode = task.cdbByte(3);
        int sa = (int) CoreCommands.field(task, 4, 2);
        long allocation = CoreCommands.field(task, 6, 4);
        List<CommandDescriptor> all = commands(task.unit());
        ByteBuf out;
        switch (options) {
            case 0:
                out = task.alloc().buffer(4 + all.size() * (rctd ? 20 : 8));
                out.writeInt(0);
                for (CommandDescriptor c : all) {
                    out.writeByte(c.opcode()).writeByte(0).writeShort(Math.max(c.serviceAction(), 0)).writeByte(0);
                    out.writeByte((rctd ? 0x02 : 0) | (c.serviceAction() >= 0 ? 0x01 : 0));
                    out.writeShort(c.cdbLength());
                    if (rctd) {
                        timeouts(out);
                    }
                }
                out.setInt(0, out.writerIndex() - 4);
                break;
            case 1:
            case 2:
            case 3: {
                boolean hasServiceActions = all.stream().anyMatch(c -> c.opcode() == opcode && c.serviceAction() >= 0);
                if ((options == 1 && hasServiceActions) || (options == 2 && !hasServiceActions && known(all, opcode))) {
                    task.fail(SenseData.invalidFieldInCdb(options == 1 ? 3 : 4, -1));
                    return;
                }
                int wanted = options == 1 || (options == 3 && !hasServiceActions) ? -1 : sa;
                CommandDescriptor found = all.stream()
                        .filter(c -> c.opcode() == opcode && c.serviceAction() == wanted).findFirst().orElse(null);
                out = one(task, found, rctd);
                break;
            }
            default:
                task.fail(SenseData.invalidFieldInCdb(2, 2));
                return;
        }
        Responses.send(task, out, allocation);
    }

    private static boolean known(List<CommandDescriptor> all, int opcode) {
        return all.stream().anyMatch(c -> c.opcode() == opcode);
    }

    private static ByteBuf one(Task task, CommandDescriptor c, boolean rctd) {
        ByteBuf out = task.alloc().buffer(4 + 16 + 12);
        if (c == null) {
            out.writeByte(0).writeByte(0x01).writeShort(0); // SUPPORT 001b: not supported
            return out;
        }
        byte[] usage = c.cdbUsageMap();
        out.writeByte(0).writeByte((rctd ? 0x80 : 0) | 0x03).writeShort(usage.length).writeBytes(usage);
        if (rctd) {
            timeouts(out);
        }
        return out;
    }

    /** A command timeouts descriptor (SPC-4 6.35.4): nominal unknown, recommended {@value #RECOMMENDED_TIMEOUT} s. */
    private static void timeouts(ByteBuf out) {
        out.writeShort(0x0A).writeByte(0).writeByte(0).writeInt(0).writeInt(RECOMMENDED_TIMEOUT);
    }

    /** Core, factories' and device's commands, first one wins per opcode and service action. */
    static List<CommandDescriptor> commands(LogicalUnit unit) {
        Map<Integer, CommandDescriptor> byKey = new LinkedHashMap<>();
        List<CommandDescriptor> sources = new ArrayList<>(CORE);
        if (unit != null) {
            for (LogicalUnitServiceFactory f : unit.core().factories()) {
                sources.addAll(f.supportedCommands());
            }
            sources.addAll(unit.device().supportedCommands());
        }
        for (CommandDescriptor c : sources) {
            byKey.putIfAbsent(c.opcode() << 16 | (c.serviceAction() & 0xFFFF), c);
        }
        return new ArrayList<>(byKey.values());
    }

    private static byte[] bytes(int... v) {
        byte[] b = new byte[v.length];
        for (int i = 0; i < v.length; i++) {
            b[i] = (byte) v[i];
        }
        return b;
    }
}
