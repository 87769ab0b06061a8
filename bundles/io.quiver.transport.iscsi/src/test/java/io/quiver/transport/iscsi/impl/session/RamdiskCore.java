package io.quiver.transport.iscsi.impl.session;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.quiver.scsi.AdditionalSense;
import io.quiver.scsi.ScsiStatus;
import io.quiver.scsi.SenseData;
import io.quiver.scsi.SenseKey;
import io.quiver.spi.target.CommandResponse;
import io.quiver.spi.target.InitiatorPort;
import io.quiver.spi.target.ScsiCommand;
import io.quiver.spi.target.ScsiTarget;
import io.quiver.spi.target.ScsiTargetCore;
import io.quiver.spi.target.Session;
import io.quiver.spi.target.SessionTransport;
import io.quiver.spi.target.TargetDriver;
import io.quiver.spi.target.TaskManagementFunction;
import io.quiver.spi.target.TaskManagementRequest;
import io.quiver.spi.target.TaskManagementResponse;
import io.quiver.spi.target.TaskManagementResult;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Test-only stand-in for the target core: one LUN 0 disk of 512-byte blocks in a pooled buffer, answering
 * INQUIRY, READ CAPACITY (10/16), REPORT LUNS, TEST UNIT READY, READ/WRITE (10/12/16) and WRITE AND
 * VERIFY (10/12/16). Enough for libiscsi's
 * tools; everything else is INVALID COMMAND OPERATION CODE. Completes on the caller's thread or on a plain
 * thread (to exercise the transport's hop onto its event loop).
 */
final class RamdiskCore implements ScsiTargetCore {

    static final int BLOCK = 512;

    final ByteBuf disk;
    final long blocks;
    final List<InitiatorPort> logins = new CopyOnWriteArrayList<>();
    final List<SessionTransport> transports = new CopyOnWriteArrayList<>();
    volatile int queueDepth = 16;
    /** When set, WRITE asks for its data-out from a thread of its own, as a device's executor does. */
    volatile boolean dataOutFromOwnThread;
    /** Whether the last such request was already answered when receiveDataOut returned. */
    volatile Boolean dataOutAnsweredAtOnce;
    /** Initiator names the target admits; empty: everyone (as a target without initiator groups). */
    final List<String> admitted = new CopyOnWriteArrayList<>();
    /** Every task management request received, as "FUNCTION lun", in order. */
    final List<String> taskManagement = new CopyOnWriteArrayList<>();

    RamdiskCore(long blocks) {
        this.blocks = blocks;
        this.disk = ByteBufAllocator.DEFAULT.directBuffer((int) (blocks * BLOCK));
        disk.writeZero((int) (blocks * BLOCK));
    }

    void release() {
        disk.release();
    }

    @Override
    public ScsiTarget registerTarget(TargetDriver driver, String targetName, int relativeTargetPortId) {
        return new ScsiTarget() {
            @Override
            public String name() {
                return targetName;
            }

            @Override
            public int relativeTargetPortId() {
                return 1;
            }

            @Override
            public Session openSession(InitiatorPort initiator, SessionTransport transport) {
                logins.add(initiator);
                transports.add(transport);
                return new RamdiskSession(this, initiator);
            }

            @Override
            public boolean admits(String initiatorName) {
                return admitted.isEmpty() || admitted.contains(initiatorName);
            }

            @Override
            public void unregister() {
                transports.forEach(t -> t.close("unregistered"));
            }
        };
    }

    final class RamdiskSession implements Session {
        private final ScsiTarget target;
        private final InitiatorPort initiator;
        private final java.util.Set<Long> ranTags = java.util.concurrent.ConcurrentHashMap.newKeySet();

        RamdiskSession(ScsiTarget target, InitiatorPort initiator) {
            this.target = target;
            this.initiator = initiator;
        }

        @Override
        public InitiatorPort initiator() {
            return initiator;
        }

        @Override
        public ScsiTarget target() {
            return target;
        }

        @Override
        public void submit(ScsiCommand command) {
            ranTags.add(command.tag());
            execute(command);
        }

        @Override
        public void submit(TaskManagementRequest request) {
            taskManagement.add(request.function() + " " + request.lun());
            // Commands complete inside submit(ScsiCommand), so a task an ABORT TASK names that this session
            // ran has ended already: TASK DOES NOT EXIST (libiscsi's AbortTaskSimpleAsync fails a FUNCTION
            // COMPLETE that follows the write's GOOD). A tag never seen keeps FUNCTION COMPLETE, as RFC 7143
            // 11.5.1 asks for a task that may still arrive.
            TaskManagementResponse response = request.function() == TaskManagementFunction.ABORT_TASK
                    && ranTags.contains(request.referencedTag())
                    ? TaskManagementResponse.TASK_DOES_NOT_EXIST : TaskManagementResponse.FUNCTION_COMPLETE;
            request.complete(TaskManagementResult.of(response));
        }

        @Override
        public int queueDepth() {
            return queueDepth;
        }

        @Override
        public void close() {
            if (closeDelayMs > 0) {
                try {
                    Thread.sleep(closeDelayMs); // a slow nexus teardown: what the transport sends meanwhile shows
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            closedSessions.add(initiator.name());
        }

        @Override
        public java.util.concurrent.CompletionStage<Void> end() {
            close();
            return nexusLossSeen;
        }
    }

    /** What {@link Session#end} returns: a test holds it to stand for a cluster_mode unit's shared change. */
    volatile java.util.concurrent.CompletableFuture<Void> nexusLossSeen =
            java.util.concurrent.CompletableFuture.completedFuture(null);

    /** The initiators whose sessions the transport closed (ended the nexus), in order. */
    final java.util.List<String> closedSessions = new java.util.concurrent.CopyOnWriteArrayList<>();
    /** How long {@link Session#close} takes, to make a close that follows the transport's answer visible. */
    volatile long closeDelayMs;

    private void execute(ScsiCommand c) {
        ByteBuf cdb = c.cdb();
        int op = cdb.getUnsignedByte(cdb.readerIndex());
        if (c.lun() != 0 && op != 0xA0 && op != 0x12) {
            c.complete(CommandResponse.checkCondition(
                    SenseData.of(SenseKey.ILLEGAL_REQUEST, AdditionalSense.LOGICAL_UNIT_NOT_SUPPORTED), false));
            return;
        }
        int i = cdb.readerIndex();
        switch (op) {
            case 0x00:
                c.complete(CommandResponse.good(null));
                return;
            case 0xEE:
                throw new IllegalStateException("a core that breaks its contract");
            case 0x12:
                dataIn(c, inquiry(cdb.getUnsignedShort(i + 3)), cdb.getUnsignedShort(i + 3));
                return;
            case 0x25: {
                ByteBuf b = ByteBufAllocator.DEFAULT.directBuffer(8);
                b.writeInt((int) (blocks - 1)).writeInt(BLOCK);
                dataIn(c, b, 8);
                return;
            }
            case 0x9E: {
                ByteBuf b = ByteBufAllocator.DEFAULT.directBuffer(32);
                b.writeLong(blocks - 1).writeInt(BLOCK).writeZero(20);
                dataIn(c, b, cdb.getInt(i + 10));
                return;
            }
            case 0xA0: {
                ByteBuf b = ByteBufAllocator.DEFAULT.directBuffer(16);
                b.writeInt(8).writeInt(0).writeLong(0);
                dataIn(c, b, cdb.getInt(i + 6));
                return;
            }
            case 0x28:
                read(c, cdb.getUnsignedInt(i + 2), cdb.getUnsignedShort(i + 7));
                return;
            case 0x88:
                read(c, cdb.getLong(i + 2), cdb.getInt(i + 10));
                return;
            case 0xA8:
                read(c, cdb.getUnsignedInt(i + 2), cdb.getUnsignedInt(i + 6));
                return;
            case 0x2A:
            case 0x2E:
                write(c, cdb.getUnsignedInt(i + 2), cdb.getUnsignedShort(i + 7));
                return;
            case 0xAA:
            case 0xAE:
                write(c, cdb.getUnsignedInt(i + 2), cdb.getUnsignedInt(i + 6));
                return;
            case 0x8A:
            case 0x8E:
                write(c, cdb.getLong(i + 2), cdb.getInt(i + 10));
                return;
            default:
                c.complete(CommandResponse.checkCondition(SenseData.invalidOpcode(), false));
        }
    }

    private static ByteBuf inquiry(int allocation) {
        ByteBuf b = ByteBufAllocator.DEFAULT.directBuffer(36);
        b.writeByte(0).writeByte(0).writeByte(6).writeByte(2).writeByte(31).writeZero(3);
        b.writeCharSequence("QUIVER  ", StandardCharsets.US_ASCII);
        b.writeCharSequence("TEST RAMDISK    ", StandardCharsets.US_ASCII);
        b.writeCharSequence("0001", StandardCharsets.US_ASCII);
        return b;
    }

    /** Data-in truncated to the allocation length, transfer length as the CDB called for. */
    private static void dataIn(ScsiCommand c, ByteBuf data, long allocation) {
        int available = data.readableBytes();
        if (available > allocation) {
            data.writerIndex(data.readerIndex() + (int) allocation);
        }
        c.complete(CommandResponse.of(ScsiStatus.GOOD, null, false, data, Math.min(available, allocation)));
    }

    private boolean outOfRange(ScsiCommand c, long lba, long count) {
        if (lba + count > blocks) {
            c.complete(CommandResponse.checkCondition(
                    SenseData.of(SenseKey.ILLEGAL_REQUEST, AdditionalSense.LOGICAL_BLOCK_ADDRESS_OUT_OF_RANGE), false));
            return true;
        }
        return false;
    }

    private void read(ScsiCommand c, long lba, long count) {
        if (outOfRange(c, lba, count)) {
            return;
        }
        int length = (int) (count * BLOCK);
        ByteBuf data = disk.retainedSlice((int) (lba * BLOCK), length);
        c.complete(CommandResponse.of(ScsiStatus.GOOD, null, false, data, length));
    }

    private void write(ScsiCommand c, long lba, long count) {
        if (outOfRange(c, lba, count)) {
            return;
        }
        int length = (int) (count * BLOCK);
        int wanted = (int) Math.min(length, c.expectedDataTransferLength());
        if (dataOutFromOwnThread) {
            new Thread(() -> {
                java.util.concurrent.CompletionStage<ByteBuf> stage = c.receiveDataOut(wanted);
                dataOutAnsweredAtOnce = stage.toCompletableFuture().isDone();
                stage.whenComplete((data, failure) -> store(c, lba, length, data, failure));
            }).start();
            return;
        }
        // Complete from another thread, as a device handler's executor would.
        c.receiveDataOut(wanted).whenComplete((data, failure) -> new Thread(() -> store(c, lba, length, data, failure))
                .start());
    }

    private void store(ScsiCommand c, long lba, int length, ByteBuf data, Throwable failure) {
        if (failure != null) {
            // As the real core answers a data-out that could not be had.
            c.complete(CommandResponse.checkCondition(
                    SenseData.of(SenseKey.ABORTED_COMMAND, AdditionalSense.DATA_PHASE_ERROR), false));
            return;
        }
        try {
            disk.setBytes((int) (lba * BLOCK), data, data.readerIndex(), data.readableBytes());
        } finally {
            data.release();
        }
        c.complete(CommandResponse.of(ScsiStatus.GOOD, null, false, null, length));
    }
}
