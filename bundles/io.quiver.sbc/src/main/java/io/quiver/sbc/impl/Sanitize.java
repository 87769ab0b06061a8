package io.quiver.sbc.impl;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.quiver.scsi.SenseData;
import io.quiver.spi.device.DeviceTask;
import java.io.IOException;

/**
 * SANITIZE (SBC-3 5.25, 4.11): OVERWRITE, BLOCK ERASE (thin stores only: it deallocates every block,
 * WABEREQ 01b in VPD B1h) and EXIT FAILURE MODE. A sanitize operation belongs to the logical unit, not to
 * its task: once accepted it runs to the end on the device's I/O executor whatever task management
 * function, reset or nexus loss comes (so no abort stops it), and while it runs
 * {@link #inProgress()} makes the engine answer every command but INQUIRY with NOT READY, SANITIZE IN
 * PROGRESS. With IMMED the task completes as soon as the parameters are accepted (a later failure,
 * the final flush's included, becomes a deferred error, {@code DeviceContext.deferredError}); without,
 * when the medium is sanitized (and flushed), or as soon as an abort or reset aborts the task, which
 * ends only the command, not the operation. One sanitize at a time.
 *
 * <p>This class checks the CDB and the OVERWRITE parameter list and says what to write;
 * {@link SanitizeOperation} runs it. While it runs, the NOT READY sense carries the progress indication (SPC-4 4.5.2.4.4) of the blocks
 * overwritten so far, so an initiator polling with TEST UNIT READY sees it move. An overwrite is held to
 * {@link io.quiver.sbc.SbcOptions#sanitizeBytesPerSecond()} if the device bounds it, and stops when the
 * device closes (a configuration change or the handler going away). Thread-safe.
 */
final class Sanitize {

    static final int OVERWRITE = 0x01;
    static final int BLOCK_ERASE = 0x02;
    static final int EXIT_FAILURE_MODE = 0x1F;

    private final SbcEngine e;
    private final Pacer.Clock clock;
    private final SanitizeOperation operation;

    Sanitize(SbcEngine e) {
        this(e, Pacer.SYSTEM);
    }

    Sanitize(SbcEngine e, Pacer.Clock clock) {
        this.e = e;
        this.clock = clock;
        this.operation = new SanitizeOperation(e);
    }

    /** Whether a sanitize operation is in progress on the medium. */
    boolean inProgress() {
        return operation.inProgress();
    }

    /** NOT READY, SANITIZE IN PROGRESS with how far the running operation has come. */
    SenseData notReady() {
        return operation.notReady();
    }

    /** The device closes: a running overwrite stops before its next chunk. */
    void close() {
        operation.close();
    }

    void sanitize(DeviceTask task) throws Exception {
        ByteBuf cdb = task.cdb();
        boolean immediate = Cdb.bit(cdb, 1, 7);
        int action = Cdb.u8(cdb, 1) & 0x1F;
        int parameterLength = Cdb.u16(cdb, 7);
        switch (action) {
            case EXIT_FAILURE_MODE:
                if (parameterLength != 0) {
                    throw Senses.invalidCdb(7, -1);
                }
                task.complete();
                return;
            case BLOCK_ERASE:
                if (!e.store.thinProvisioned()) {
                    // BLOCK ERASE leaves every block deallocated, which only a thin store can report.
                    throw Senses.invalidCdb(1, 4);
                }
                if (parameterLength != 0) {
                    throw Senses.invalidCdb(7, -1);
                }
                e.checkWritable(task);
                operation.start(task, immediate, alloc -> e.store.unmap(0, e.store.capacityBlocks()), 1, null);
                return;
            case OVERWRITE:
                if (parameterLength <= 4 || parameterLength > e.blockSize() + 4) {
                    throw Senses.invalidCdb(7, -1);
                }
                e.checkWritable(task);
                e.flow.dataOut(task, parameterLength, data -> overwrite(task, immediate, data, parameterLength),
                        () -> { });
                return;
            default:
                throw Senses.invalidCdb(1, 4);
        }
    }

    /** libiscsi expects INVALID FIELD IN CDB for every malformed OVERWRITE parameter list. */
    private void overwrite(DeviceTask task, boolean immediate, ByteBuf data, int parameterLength) throws Exception {
        int base = data.readerIndex();
        int flags = data.getUnsignedByte(base);
        boolean invert = (flags & 0x80) != 0;
        int passes = flags & 0x1F;
        int patternLength = data.getUnsignedShort(base + 2);
        if (passes == 0 || patternLength == 0 || patternLength > e.blockSize()
                || patternLength > parameterLength - 4) {
            throw Senses.invalidCdb(7, -1);
        }
        int bs = e.blockSize();
        ByteBuf block = task.alloc().directBuffer(bs);
        for (int i = 0; i < bs; i++) {
            block.writeByte(data.getByte(base + 4 + i % patternLength));
        }
        long capacity = e.store.capacityBlocks();
        operation.start(task, immediate, alloc -> {
            try {
                Pacer pacer = new Pacer(e.options.sanitizeBytesPerSecond(), clock);
                for (int pass = 0; pass < passes; pass++) {
                    // INVERT: every other pass writes the complement; the last pass writes the pattern.
                    boolean complement = invert && (passes - 1 - pass) % 2 == 1;
                    ByteBuf p = complement ? complement(block, alloc) : block.retain();
                    long before = pass * capacity;
                    try {
                        boolean whole = Fill.fill(e.store, alloc, done -> {
                            operation.advance(before + done);
                            pacer.pace((before + done) * bs);
                            return !operation.closed();
                        }, 0, capacity, p, e.durable(false));
                        if (!whole) {
                            throw new IOException("device closed before the sanitize ended");
                        }
                    } finally {
                        p.release();
                    }
                }
            } finally {
                block.release();
            }
        }, passes * capacity, block);
    }

    private static ByteBuf complement(ByteBuf block, ByteBufAllocator alloc) {
        ByteBuf c = alloc.directBuffer(block.readableBytes());
        for (int i = block.readerIndex(); i < block.writerIndex(); i++) {
            c.writeByte(~block.getByte(i));
        }
        return c;
    }
}
