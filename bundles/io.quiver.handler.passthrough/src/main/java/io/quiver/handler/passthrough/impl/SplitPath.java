package io.quiver.handler.passthrough.impl;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.quiver.initiator.iscsi.ScsiResult;
import java.util.concurrent.CompletableFuture;

/**
 * Splits a disk's READ and WRITE (10, 12, 16) larger than the device takes in one command into consecutive
 * commands of at most {@code maxBytes}, as SCST's pass-through splits them: same flags, LBA and length adjusted,
 * one after the other. Data-in of the pieces is joined (not copied), data-out sliced. The first piece that does
 * not end GOOD ends the command with its status and sense, and a residual covering every byte not moved. Other
 * commands, and commands that fit, go through as they are. Never for tapes: a tape's blocks are records.
 * Thread-safe as the path it wraps.
 */
final class SplitPath implements ScsiPath {

    private final ScsiPath path;
    private final int maxBytes;

    /** Splits commands on {@code path} above {@code maxBytes} (a multiple of the block size the device uses). */
    SplitPath(ScsiPath path, int maxBytes) {
        this.path = path;
        this.maxBytes = maxBytes;
    }

    @Override
    public CompletableFuture<ScsiResult> execute(ByteBuf cdb, boolean read, int expected, ByteBuf dataOut, long timeoutMs) {
        Rw rw = Rw.of(cdb);
        if (rw == null || expected <= maxBytes || rw.blocks == 0 || expected % rw.blocks != 0
                || (read && dataOut != null)) {
            return path.execute(cdb, read, expected, dataOut, timeoutMs);
        }
        int blockSize = (int) (expected / rw.blocks);
        int perPiece = Math.max(1, maxBytes / blockSize);
        CompositeByteBuf in = read ? PooledByteBufAllocator.DEFAULT.compositeDirectBuffer(Integer.MAX_VALUE) : null;
        return piece(rw, 0, perPiece, blockSize, read, expected, dataOut, in, timeoutMs)
                .whenComplete((r, e) -> cdb.release());
    }

    private CompletableFuture<ScsiResult> piece(Rw rw, long done, int perPiece, int blockSize, boolean read, int expected,
            ByteBuf dataOut, CompositeByteBuf in, long timeoutMs) {
        int blocks = (int) Math.min(perPiece, rw.blocks - done);
        int bytes = blocks * blockSize;
        ByteBuf out = dataOut == null ? null : dataOut.retainedSlice(dataOut.readerIndex() + (int) (done * blockSize), bytes);
        return path.execute(rw.piece(rw.lba + done, blocks), read, bytes, out, timeoutMs).handle((r, e) -> {
            if (e != null) {
                release(dataOut, in);
                return CompletableFuture.<ScsiResult>failedFuture(e);
            }
            // A piece that failed moved nothing the initiator may count on; one that ended GOOD its residual's worth.
            long moved = done * blockSize + (r.status() != 0 ? 0 : bytes - (r.underflow() ? r.residual() : 0));
            if (in != null) {
                in.addComponent(true, r.dataIn());
            } else {
                r.dataIn().release();
            }
            if (r.status() != 0 || done + blocks == rw.blocks) {
                if (dataOut != null) {
                    dataOut.release();
                }
                int resid = (int) (expected - moved);
                return CompletableFuture.completedFuture(new ScsiResult(r.status(), r.sense(),
                        in != null ? in : Unpooled.EMPTY_BUFFER, resid, resid > 0, false));
            }
            r.sense().release();
            return piece(rw, done + blocks, perPiece, blockSize, read, expected, dataOut, in, timeoutMs);
        }).thenCompose(f -> f);
    }

    private static void release(ByteBuf dataOut, ByteBuf in) {
        if (dataOut != null) {
            dataOut.release();
        }
        if (in != null) {
            in.release();
        }
    }

    /**
     * A READ or WRITE CDB as SBC-4 lays it out: the LBA's and transfer length's places by size, read where the CDB
     * is (no array per command); only the pieces of a split command get CDBs of their own.
     */
    private record Rw(ByteBuf cdb, int lbaAt, int lbaSize, int lengthAt, int lengthSize, long lba, long blocks) {

        static Rw of(ByteBuf cdb) {
            int length = cdb.readableBytes();
            int op = length > 0 ? cdb.getUnsignedByte(cdb.readerIndex()) : -1;
            return switch (op) {
                case 0x28, 0x2A -> length >= 10 ? at(cdb, 2, 4, 7, 2) : null;
                case 0xA8, 0xAA -> length >= 12 ? at(cdb, 2, 4, 6, 4) : null;
                case 0x88, 0x8A -> length >= 16 ? at(cdb, 2, 8, 10, 4) : null;
                default -> null;
            };
        }

        private static Rw at(ByteBuf cdb, int lbaAt, int lbaSize, int lengthAt, int lengthSize) {
            return new Rw(cdb, lbaAt, lbaSize, lengthAt, lengthSize, get(cdb, lbaAt, lbaSize), get(cdb, lengthAt, lengthSize));
        }

        /** The CDB for {@code blocks} blocks at {@code lba}, every other field as it was, in a pooled buffer. */
        ByteBuf piece(long lba, int blocks) {
            int length = cdb.readableBytes();
            ByteBuf c = PooledByteBufAllocator.DEFAULT.directBuffer(length).writeBytes(cdb, cdb.readerIndex(), length);
            put(c, lbaAt, lbaSize, lba);
            put(c, lengthAt, lengthSize, blocks);
            return c;
        }

        private static long get(ByteBuf b, int at, int size) {
            long v = 0;
            for (int i = 0; i < size; i++) {
                v = v << 8 | b.getUnsignedByte(b.readerIndex() + at + i);
            }
            return v;
        }

        private static void put(ByteBuf b, int at, int size, long v) {
            for (int i = size - 1; i >= 0; i--, v >>>= 8) {
                b.setByte(at + i, (int) v);
            }
        }
    }
}
