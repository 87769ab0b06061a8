package io.quiver.handler.passthrough.impl;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.quiver.initiator.iscsi.ConnectionLostException;
import io.quiver.initiator.iscsi.ScsiResult;
import io.quiver.linux.SgIo;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeoutException;

/**
 * A local SCSI device's generic node ({@code /dev/sgN}, or {@code /dev/bsg/H:C:I:L}) as {@link ScsiPath}: each
 * command is one {@code SG_IO} ioctl ({@link SgHeader} v3, or v4 on bsg), run on the device's own threads because the ioctl blocks until the device answers (never on the
 * caller's thread, which may be an event loop). The kernel enforces the timeout: it aborts the command and reports
 * DID_TIME_OUT, which ends the command here with {@link TimeoutException}. Data-in lands in a pooled direct buffer
 * and data-out leaves from the task's own direct buffers (one iovec entry per component), neither copied; only
 * heap data (never on the data path) is bounced. The header, CDB, sense and iovec live in the running thread's
 * {@link SgMemory}, allocated once per device thread, not per command; the device's threads must come from
 * {@link SgMemory#threads} so that it is freed when they end. Thread-safe.
 */
final class SgIoPath implements ScsiPath {

    /** The most sense a v3 header takes ({@code mx_sb_len} is a byte; SPC-4 sense is at most 252 bytes). */
    static final int MAX_SENSE = 252;
    /** {@code host_status} DID_TIME_OUT: the kernel's timeout fired and the command was aborted. */
    static final int DID_TIME_OUT = 0x03;
    /** {@code driver_status} DRIVER_SENSE: sense data is present, not an error of the host. */
    static final int DRIVER_SENSE = 0x08;
    private static final ByteBuffer[] NO_PARTS = {};

    private final String device;
    private final SgHeader header;
    private final int fd;
    private final ExecutorService threads;

    /** The node {@code device} (v4 headers for a bsg node, v3 for the rest), open as {@code fd}. */
    SgIoPath(String device, int fd, ExecutorService threads) {
        this.device = device;
        this.header = SgHeader.of(device);
        this.fd = fd;
        this.threads = threads;
    }

    @Override
    public CompletableFuture<ScsiResult> execute(ByteBuf cdb, boolean read, int expected, ByteBuf dataOut, long timeoutMs) {
        CompletableFuture<ScsiResult> result = new CompletableFuture<>();
        try {
            threads.execute(() -> run(cdb, read, expected, dataOut, timeoutMs, result));
        } catch (RejectedExecutionException closed) {
            cdb.release();
            if (dataOut != null) {
                dataOut.release();
            }
            result.completeExceptionally(new ConnectionLostException(device + " is closed"));
        }
        return result;
    }

    private void run(ByteBuf cdb, boolean read, int expected, ByteBuf dataOut, long timeoutMs,
            CompletableFuture<ScsiResult> result) {
        ByteBuf in = read && expected > 0 ? PooledByteBufAllocator.DEFAULT.directBuffer(expected, expected) : Unpooled.EMPTY_BUFFER;
        ByteBuf out = !read && dataOut != null && dataOut.isReadable() ? direct(dataOut) : null;
        try {
            SgMemory memory = SgMemory.current();
            MemorySegment into = in.capacity() > 0 ? MemorySegment.ofBuffer(in.nioBuffer(0, expected)) : MemorySegment.NULL;
            ByteBuffer[] parts = out == null ? NO_PARTS : out.nioBuffers();
            MemorySegment h = header.build(memory.header(header.size()), memory.cdb(cdb), into, memory.iovec(parts),
                    parts.length, out == null ? 0 : out.readableBytes(), memory.sense(), (int) Math.min(timeoutMs, Integer.MAX_VALUE));
            SgIo.execute(fd, h);
            result.complete(result(h, memory.sense(), in, read, expected));
        } catch (IOException | TimeoutException | RuntimeException e) {
            in.release();
            result.completeExceptionally(e);
        } finally {
            cdb.release();
            if (out != null && out != dataOut) {
                out.release();
            }
            if (dataOut != null) {
                dataOut.release();
            }
        }
    }

    /** {@code data} itself when all of it is direct, else a pooled direct copy (heap data: never on the data path). */
    private static ByteBuf direct(ByteBuf data) {
        for (ByteBuffer p : data.nioBuffers()) {
            if (!p.isDirect()) {
                return PooledByteBufAllocator.DEFAULT.directBuffer(data.readableBytes())
                        .writeBytes(data, data.readerIndex(), data.readableBytes());
            }
        }
        return data;
    }

    /** The device's answer, or an exception when the host (not the device) ended the command. */
    private ScsiResult result(MemorySegment h, MemorySegment sense, ByteBuf in, boolean read, int expected)
            throws TimeoutException, ConnectionLostException {
        int host = header.hostStatus(h);
        int driver = header.driverStatus(h);
        if (host == DID_TIME_OUT) {
            throw new TimeoutException(device + ": the command timed out and was aborted by the kernel");
        }
        if (host != 0 || (driver != 0 && driver != DRIVER_SENSE)) {
            throw new ConnectionLostException(device + ": the host ended the command (host_status 0x"
                    + Integer.toHexString(host) + ", driver_status 0x" + Integer.toHexString(driver) + ")");
        }
        int resid = Math.max(0, header.residual(h, read));
        int senseLength = Math.min(MAX_SENSE, header.senseLength(h));
        ByteBuf s = senseLength <= 0 ? Unpooled.EMPTY_BUFFER
                : PooledByteBufAllocator.DEFAULT.directBuffer(senseLength).writeBytes(sense.asSlice(0, senseLength).asByteBuffer());
        if (in.capacity() > 0) {
            in.writerIndex(Math.max(0, expected - resid));
        }
        return new ScsiResult(header.status(h), s, in, resid, resid > 0, false);
    }

    @Override
    public String toString() {
        return device;
    }
}
