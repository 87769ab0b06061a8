package io.quiver.handler.passthrough.impl;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.quiver.initiator.iscsi.ScsiResult;
import io.quiver.scsi.PeripheralDeviceType;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * A {@link ForwardingBackend} whose path is a device that answers GOOD at once, moving what it was asked to
 * (data-in of {@code expected} bytes of 0x5A; READ CAPACITY (10) and MODE SENSE (6) with its block length) and recording each command as the path saw it: how the forwarding
 * logic shapes commands, without a real device. Thread-safe enough for one task at a time.
 */
final class RecordingBackend extends ForwardingBackend implements ScsiPath {

    /** One command as the path received it. */
    record Sent(int opcode, boolean read, int expected, int dataOutLength) {
    }

    final List<Sent> sent = Collections.synchronizedList(new ArrayList<>());
    /** Bytes of data-in the device moves, or -1: as many as it was asked for. */
    volatile int deviceMoves = -1;
    /** The block length READ CAPACITY (10) and MODE SENSE (6) report. */
    volatile int blockLength = 512;

    RecordingBackend(PeripheralDeviceType type) {
        super(1_000, type);
    }

    @Override
    public CompletableFuture<ScsiResult> execute(ByteBuf cdb, boolean read, int expected, ByteBuf dataOut, long timeoutMs) {
        sent.add(new Sent(cdb.getUnsignedByte(cdb.readerIndex()), read, expected, dataOut == null ? -1 : dataOut.readableBytes()));
        if (dataOut != null) {
            dataOut.release();
        }
        int moves = deviceMoves < 0 ? expected : Math.min(deviceMoves, expected);
        ByteBuf in = read ? PooledByteBufAllocator.DEFAULT.directBuffer(moves).writerIndex(0) : Unpooled.EMPTY_BUFFER;
        int op = cdb.getUnsignedByte(cdb.readerIndex());
        for (int i = 0; read && i < moves; i++) {
            in.writeByte(0x5A);
        }
        if (op == 0x25 && moves >= 8) {
            in.setInt(4, blockLength);
        } else if (op == 0x1A && moves >= 12) {
            in.setZero(0, 12).setByte(0, 11).setByte(3, 8).setMedium(9, blockLength);
        }
        cdb.release();
        int resid = expected - (read ? moves : expected);
        return CompletableFuture.completedFuture(new ScsiResult(0, Unpooled.EMPTY_BUFFER, in, resid, resid > 0, false));
    }

    /** The last command the device received. */
    Sent last() {
        return sent.get(sent.size() - 1);
    }

    @Override
    CompletableFuture<? extends ScsiPath> path() {
        return CompletableFuture.completedFuture(this);
    }

    @Override
    ScsiPath current() {
        return this;
    }

    @Override
    void lost(ScsiPath path, Throwable cause) {
    }

    @Override
    CompletableFuture<BackendIdentity> identified() {
        return CompletableFuture.completedFuture(BackendIdentity.UNKNOWN);
    }

    @Override
    BackendIdentity identity() {
        return BackendIdentity.UNKNOWN;
    }

    @Override
    public void close() {
    }
}
