package io.quiver.transport.srp.impl;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.quiver.scsi.ScsiStatus;
import io.quiver.scsi.SenseData;
import io.quiver.spi.target.CommandResponse;
import io.quiver.spi.target.InitiatorPort;
import io.quiver.spi.target.ScsiCommand;
import io.quiver.spi.target.ScsiTarget;
import io.quiver.spi.target.Session;
import io.quiver.spi.target.SessionTransport;
import io.quiver.spi.target.TaskManagementFunction;
import io.quiver.spi.target.TaskManagementRequest;
import io.quiver.spi.target.TaskManagementResponse;
import io.quiver.spi.target.TaskManagementResult;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A stand-in for the core with one RAM logical unit of 512-byte blocks answering READ(10) and WRITE(10), able
 * to hold commands (to abort them with task management). Thread-safe.
 */
final class RamdiskCore implements ScsiTarget {

    final ByteBuf disk;
    final List<ScsiCommand> held = new CopyOnWriteArrayList<>();
    final List<TaskManagementFunction> functions = new CopyOnWriteArrayList<>();
    final List<Session> sessions = new CopyOnWriteArrayList<>();
    volatile boolean hold;

    RamdiskCore(int bytes) {
        disk = PooledByteBufAllocator.DEFAULT.heapBuffer(bytes, bytes).writeZero(bytes);
    }

    @Override
    public String name() {
        return "ramdisk";
    }

    @Override
    public int relativeTargetPortId() {
        return 1;
    }

    @Override
    public Session openSession(InitiatorPort initiator, SessionTransport transport) {
        Session s = new Session() {
            @Override
            public InitiatorPort initiator() {
                return initiator;
            }

            @Override
            public ScsiTarget target() {
                return RamdiskCore.this;
            }

            @Override
            public void submit(ScsiCommand command) {
                if (hold) {
                    held.add(command);
                } else {
                    execute(command);
                }
            }

            @Override
            public void submit(TaskManagementRequest request) {
                functions.add(request.function());
                abortHeld();
                request.complete(TaskManagementResult.of(TaskManagementResponse.FUNCTION_COMPLETE));
            }

            @Override
            public int queueDepth() {
                return 128;
            }

            @Override
            public void close() {
                abortHeld();
            }
        };
        sessions.add(s);
        return s;
    }

    /** Completes every held command as aborted (what a TMF or nexus loss does in the core). */
    void abortHeld() {
        List<ScsiCommand> all = new ArrayList<>(held);
        held.removeAll(all);
        all.forEach(c -> c.complete(CommandResponse.aborted()));
    }

    void releaseHeld() {
        List<ScsiCommand> all = new ArrayList<>(held);
        held.removeAll(all);
        all.forEach(this::execute);
    }

    private void execute(ScsiCommand command) {
        ByteBuf cdb = command.cdb();
        int op = cdb.getUnsignedByte(cdb.readerIndex());
        int lba = cdb.getInt(cdb.readerIndex() + 2);
        int length = cdb.getUnsignedShort(cdb.readerIndex() + 7) * 512;
        if (op == 0x28) {
            ByteBuf data = PooledByteBufAllocator.DEFAULT.directBuffer(length);
            synchronized (disk) {
                data.writeBytes(disk, lba * 512, length);
            }
            command.complete(CommandResponse.good(data));
        } else if (op == 0x2a) {
            command.receiveDataOut(length).whenComplete((data, failure) -> {
                if (failure != null) {
                    command.complete(CommandResponse.checkCondition(SenseData.invalidOpcode(), false));
                    return;
                }
                synchronized (disk) {
                    disk.setBytes(lba * 512, data, data.readerIndex(), length);
                }
                data.release();
                command.complete(CommandResponse.of(ScsiStatus.GOOD, null, false, null, length));
            });
        } else {
            command.complete(CommandResponse.checkCondition(SenseData.invalidOpcode(), false));
        }
    }

    @Override
    public void unregister() {
    }
}
