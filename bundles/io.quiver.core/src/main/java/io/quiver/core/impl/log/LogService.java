package io.quiver.core.impl.log;

import io.netty.buffer.ByteBuf;
import io.quiver.core.impl.lu.LogicalUnitService;
import io.quiver.core.impl.lu.LuTask;
import io.quiver.scsi.ScsiOpcode;
import io.quiver.scsi.SenseData;
import java.util.ArrayList;
import java.util.List;

/**
 * LOG SENSE and LOG SELECT at one logical unit (SPC-4 6.8, 6.9), over its {@link LogicalUnitCounters}.
 * PPC and SP are not supported (nothing is saved, changes are not tracked); LOG SELECT resets the
 * cumulative counters (PCR, or PC 11b with no parameter list) and refuses parameter lists.
 *
 * <p>Thread-safe and non-blocking; when fed by {@link ObservedCounters} its {@link #check} counts the
 * commands it sees and never refuses one.
 */
final class LogService implements LogicalUnitService {

    private final LogicalUnitCounters counters;
    private final ObservedCounters observed;

    /** @param counters the counters to report; if they are {@link ObservedCounters}, check() feeds them */
    LogService(LogicalUnitCounters counters) {
        this.counters = counters;
        this.observed = counters instanceof ObservedCounters ? (ObservedCounters) counters : null;
    }

    @Override
    public String check(LuTask task) {
        if (observed != null) {
            observed.observe(task);
        }
        return null;
    }

    @Override
    public boolean handles(LuTask task) {
        return task.opcode() == ScsiOpcode.LOG_SENSE || task.opcode() == ScsiOpcode.LOG_SELECT;
    }

    @Override
    public void execute(LuTask task) {
        if (task.opcode() == ScsiOpcode.LOG_SENSE) {
            logSense(task);
        } else {
            logSelect(task);
        }
    }

    private void logSense(LuTask task) {
        ByteBuf cdb = task.cdb();
        int at = cdb.readerIndex();
        int flags = cdb.getUnsignedByte(at + 1);
        int pc = cdb.getUnsignedByte(at + 2) >> 6;
        int page = cdb.getUnsignedByte(at + 2) & 0x3F;
        int subpage = cdb.getUnsignedByte(at + 3);
        int pointer = cdb.getUnsignedShort(at + 5);
        int allocation = cdb.getUnsignedShort(at + 7);
        SenseData invalid = null;
        ByteBuf data = null;
        if ((flags & 0x02) != 0) {
            invalid = SenseData.invalidFieldInCdb(1, 1);
        } else if ((flags & 0x01) != 0) {
            invalid = SenseData.invalidFieldInCdb(1, 0);
        } else if (page == LogPages.SUPPORTED_PAGES) {
            if (subpage != 0 && subpage != LogPages.ALL_SUBPAGES) {
                invalid = SenseData.invalidFieldInCdb(3, -1);
            } else if (pointer != 0) {
                invalid = SenseData.invalidFieldInCdb(5, -1);
            } else {
                data = LogPages.supported(subpage == LogPages.ALL_SUBPAGES, task.alloc());
            }
        } else {
            List<LogPages.Parameter> params = LogPages.parameters(page, counters, pc == 1);
            if (params == null) {
                invalid = SenseData.invalidFieldInCdb(2, 5);
            } else if (subpage != 0) {
                invalid = SenseData.invalidFieldInCdb(3, -1);
            } else if (pointer > params.get(params.size() - 1).code()) {
                invalid = SenseData.invalidFieldInCdb(5, -1);
            } else {
                List<LogPages.Parameter> from = new ArrayList<>();
                for (LogPages.Parameter p : params) {
                    if (p.code() >= pointer) {
                        from.add(p);
                    }
                }
                data = LogPages.encode(page, from, task.alloc());
            }
        }
        if (invalid != null) {
            task.fail(invalid);
            return;
        }
        if (data.readableBytes() > allocation) {
            data.writerIndex(data.readerIndex() + allocation);
        }
        task.complete(data);
    }

    private void logSelect(LuTask task) {
        ByteBuf cdb = task.cdb();
        int at = cdb.readerIndex();
        int flags = cdb.getUnsignedByte(at + 1);
        int pc = cdb.getUnsignedByte(at + 2) >> 6;
        int length = cdb.getUnsignedShort(at + 7);
        if ((flags & 0x01) != 0) {
            task.fail(SenseData.invalidFieldInCdb(1, 0));
        } else if (length != 0) {
            // Log parameters are not settable; with PCR a parameter list is an error anyway (SPC-4 6.8).
            task.fail(SenseData.invalidFieldInCdb(7, -1));
        } else {
            if ((flags & 0x02) != 0 || pc == 3) {
                counters.reset();
            }
            task.complete();
        }
    }
}
