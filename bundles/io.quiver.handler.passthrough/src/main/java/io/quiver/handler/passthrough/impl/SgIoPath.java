package io.quiver.handler.passthrough.impl;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.quiver.initiator.iscsi.ConnectionLostException;
import io.quiver.initiator.iscsi.ScsiResult;
import io.quiver.linux.FileIo;
import io.quiver.linux.SgIo;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeoutException;

/**
 * A local SCSI generic device ({@code /dev/sgN}) as {@link ScsiPath}: each command is one {@code SG_IO} ioctl with a
 * v3 header, run on the device's own threads because the ioctl blocks until the device answers (never on the
 * caller's thread, which may be an event loop). The kernel enforces the timeout: it aborts the command and reports
 * DID_TIME_OUT, which ends the command here with {@link TimeoutException}. Data-in lands in a pooled direct buffer
 * and data-out leaves from the task's own direct buffers (one iovec entry per component), neither copied; only
 * heap data (never on the data path) is bounced. Thread-safe.
 */
final class SgIoPath implements ScsiPath {

    /** The most sense a v3 header takes ({@code mx_sb_len} is a byte; SPC-4 sense is at most 252 bytes). */
    static final int MAX_SENSE = 252;
    /** {@code host_status} DID_TIME_OUT: the kernel's timeout fired and the command was aborted. */
    static final int DID_TIME_OUT = 0x03;
    /** {@code driver_status} DRIVER_SENSE: sense data is present, not an error of the host. */
    static final int DRIVER_SENSE = 0x08;

    private final String device;
    private final int fd;
    private final ExecutorService threads;

    SgIoPath(String device, int fd, ExecutorService threads) {
        this.device = device;
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
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment command = arena.allocate(cdb.readableBytes());
            command.copyFrom(MemorySegment.ofBuffer(cdb.nioBuffer()));
            MemorySegment sense = arena.allocate(MAX_SENSE);
            int timeout = (int) Math.min(timeoutMs, Integer.MAX_VALUE);
            MemorySegment h;
            if (in.capacity() > 0) {
                h = SgIo.v3(arena, command, SgIo.SG_DXFER_FROM_DEV, MemorySegment.ofBuffer(in.nioBuffer(0, expected)), sense, timeout);
            } else if (!read && dataOut != null && dataOut.isReadable()) {
                h = SgIo.v3(arena, command, SgIo.SG_DXFER_TO_DEV, MemorySegment.NULL, sense, timeout);
                dataOut(arena, h, dataOut);
            } else {
                h = SgIo.v3(arena, command, SgIo.SG_DXFER_NONE, MemorySegment.NULL, sense, timeout);
            }
            SgIo.execute(fd, h);
            result.complete(result(h, sense, in, expected));
        } catch (IOException | TimeoutException | RuntimeException e) {
            in.release();
            result.completeExceptionally(e);
        } finally {
            cdb.release();
            if (dataOut != null) {
                dataOut.release();
            }
        }
    }

    /** Points the header at {@code data}: an iovec over its direct components, or a bounce buffer for heap data. */
    private static void dataOut(Arena arena, MemorySegment h, ByteBuf data) {
        ByteBuffer[] parts = data.nioBuffers();
        boolean direct = true;
        for (ByteBuffer p : parts) {
            direct &= p.isDirect();
        }
        if (!direct) {
            MemorySegment bounce = arena.allocate(data.readableBytes());
            bounce.copyFrom(MemorySegment.ofBuffer(data.nioBuffer()));
            parts = new ByteBuffer[] {bounce.asByteBuffer()};
        }
        MemorySegment iov = arena.allocate(FileIo.IOVEC, parts.length);
        long total = 0;
        for (int i = 0; i < parts.length; i++) {
            MemorySegment entry = iov.asSlice(i * FileIo.IOVEC.byteSize(), FileIo.IOVEC.byteSize());
            entry.set(ADDRESS, 0, MemorySegment.ofBuffer(parts[i]));
            entry.set(JAVA_LONG, ADDRESS.byteSize(), parts[i].remaining());
            total += parts[i].remaining();
        }
        h.set(JAVA_SHORT, offset("iovec_count"), (short) parts.length);
        h.set(JAVA_INT, offset("dxfer_len"), (int) total);
        h.set(ADDRESS, offset("dxferp"), iov);
    }

    /** The device's answer, or an exception when the host (not the device) ended the command. */
    private ScsiResult result(MemorySegment h, MemorySegment sense, ByteBuf in, int expected)
            throws TimeoutException, ConnectionLostException {
        int host = h.get(JAVA_SHORT, offset("host_status")) & 0xFFFF;
        int driver = h.get(JAVA_SHORT, offset("driver_status")) & 0x0F;
        if (host == DID_TIME_OUT) {
            throw new TimeoutException(device + ": the command timed out and was aborted by the kernel");
        }
        if (host != 0 || (driver != 0 && driver != DRIVER_SENSE)) {
            throw new ConnectionLostException(device + ": the host ended the command (host_status 0x"
                    + Integer.toHexString(host) + ", driver_status 0x" + Integer.toHexString(driver) + ")");
        }
        int resid = Math.max(0, h.get(JAVA_INT, offset("resid")));
        int senseLength = Math.min(MAX_SENSE, h.get(JAVA_BYTE, offset("sb_len_wr")) & 0xFF);
        ByteBuf s = senseLength == 0 ? Unpooled.EMPTY_BUFFER
                : PooledByteBufAllocator.DEFAULT.directBuffer(senseLength).writeBytes(sense.asSlice(0, senseLength).asByteBuffer());
        if (in.capacity() > 0) {
            in.writerIndex(Math.max(0, expected - resid));
        }
        return new ScsiResult(h.get(JAVA_BYTE, offset("status")) & 0xFF, s, in, resid, resid > 0, false);
    }

    private static long offset(String field) {
        return SgIo.SG_IO_HDR.byteOffset(groupElement(field));
    }

    @Override
    public String toString() {
        return device;
    }
}
