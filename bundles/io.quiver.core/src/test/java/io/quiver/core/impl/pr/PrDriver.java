package io.quiver.core.impl.pr;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.quiver.core.impl.lu.LogicalUnitService;
import io.quiver.core.impl.lu.Nexus;
import io.quiver.scsi.DataDirection;
import io.quiver.scsi.ScsiStatus;

/** Drives a {@link ReservationService} the way the pipeline does: check, then execute or the device. */
final class PrDriver {

    static final int ALL_TG_PT = 0x04;
    static final int SPEC_I_PT = 0x08;
    static final int APTPL = 0x01;

    private final LogicalUnitService service;

    PrDriver(LogicalUnitService service) {
        this.service = service;
    }

    /** Runs a task through check/execute; a command the service does not answer ends GOOD ("the device"). */
    FakeTask run(FakeTask task) {
        if (service.check(task) == null) {
            if (service.handles(task)) {
                service.execute(task);
            } else {
                task.complete();
            }
        }
        return task;
    }

    /** A PERSISTENT RESERVE OUT with a basic parameter list plus {@code extra} bytes; the caller closes it. */
    FakeTask out(Nexus n, int sa, int type, long key, long saKey, int flags, byte[] extra) {
        ByteBuf list = Unpooled.buffer();
        list.writeLong(key).writeLong(saKey).writeInt(0).writeByte(flags).writeByte(0).writeShort(0);
        list.writeBytes(extra);
        byte[] data = new byte[list.readableBytes()];
        list.readBytes(data);
        int len = data.length;
        byte[] cdb = FakeTask.bytes(0x5F, sa, type, 0, 0, len >>> 24, len >>> 16, len >>> 8, len, 0);
        return run(new FakeTask(n, cdb, DataDirection.OUT, len, data));
    }

    ScsiStatus outStatus(Nexus n, int sa, int type, long key, long saKey) {
        try (FakeTask t = out(n, sa, type, key, saKey, 0, new byte[0])) {
            return t.status();
        }
    }

    void register(Nexus n, long key) {
        try (FakeTask t = out(n, 0, 0, 0, key, 0, new byte[0])) {
            t.assertGood();
        }
    }

    void reserve(Nexus n, long key, PrType type) {
        try (FakeTask t = out(n, 1, type.code(), key, 0, 0, new byte[0])) {
            t.assertGood();
        }
    }

    /** PERSISTENT RESERVE IN; returns the parameter data. */
    byte[] in(Nexus n, int sa) {
        try (FakeTask t = run(FakeTask.of(n, DataDirection.IN, 0x5E, sa, 0, 0, 0, 0, 0, 0x10, 0, 0))) {
            t.assertGood();
            return t.data();
        }
    }

    /** Status of READ(10) of one block. */
    ScsiStatus read(Nexus n) {
        return status(FakeTask.of(n, DataDirection.IN, 0x28, 0, 0, 0, 0, 0, 0, 0, 1, 0));
    }

    /** Status of WRITE(10) of one block (data never fetched: the device is simulated). */
    ScsiStatus write(Nexus n) {
        return status(FakeTask.of(n, DataDirection.OUT, 0x2A, 0, 0, 0, 0, 0, 0, 0, 1, 0));
    }

    ScsiStatus status(FakeTask task) {
        try (FakeTask t = run(task)) {
            return t.status();
        }
    }
}
