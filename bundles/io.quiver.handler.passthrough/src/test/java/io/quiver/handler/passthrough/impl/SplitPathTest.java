package io.quiver.handler.passthrough.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.buffer.UnpooledDirectByteBuf;
import io.quiver.initiator.iscsi.ScsiResult;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

/** Disk I/O above the device's limit in consecutive pieces, with data, status and residual kept right. */
class SplitPathTest {

    private static final int BLOCK = 512;

    /** A device of 512-byte blocks whose byte at LBA l, offset i is (l + i); fails the piece at {@code failAt}. */
    private static final class Device implements ScsiPath {
        final List<String> cdbs = new ArrayList<>();
        final List<byte[]> written = new ArrayList<>();
        long failAt = -1;
        boolean throwAt;

        @Override
        public CompletableFuture<ScsiResult> execute(ByteBuf cdb, boolean read, int expected, ByteBuf dataOut, long timeoutMs) {
            byte[] c = new byte[cdb.readableBytes()];
            cdb.getBytes(cdb.readerIndex(), c);
            cdb.release();
            long lba = c.length == 10 ? ByteBuffer.wrap(c, 2, 4).getInt() & 0xFFFFFFFFL
                    : ByteBuffer.wrap(c, 2, 8).getLong();
            cdbs.add((c[0] & 0xFF) + "@" + lba + "+" + expected / BLOCK + (c[1] != 0 ? "/" + c[1] : ""));
            if (dataOut != null) {
                byte[] w = new byte[dataOut.readableBytes()];
                dataOut.getBytes(dataOut.readerIndex(), w);
                written.add(w);
                dataOut.release();
            }
            if (lba == failAt && throwAt) {
                return CompletableFuture.failedFuture(new IOException("gone"));
            }
            ByteBuf sense = PooledByteBufAllocator.DEFAULT.directBuffer(18).writeZero(18);
            if (lba == failAt) {
                sense.setByte(0, 0x70).setByte(2, 0x03);
                return CompletableFuture.completedFuture(new ScsiResult(0x02, sense, PooledByteBufAllocator.DEFAULT.buffer(0), 0, false, false));
            }
            sense.clear();
            ByteBuf in = PooledByteBufAllocator.DEFAULT.directBuffer(read ? expected : 0);
            for (int i = 0; read && i < expected; i++) {
                in.writeByte((int) (lba * BLOCK + i));
            }
            return CompletableFuture.completedFuture(new ScsiResult(0, sense, in, 0, false, false));
        }
    }

    private static ByteBuf read10(int lba, int blocks) {
        return PooledByteBufAllocator.DEFAULT.buffer(10).writeByte(0x28).writeByte(0x08).writeInt(lba).writeByte(0)
                .writeShort(blocks).writeByte(0);
    }

    private static ByteBuf write16(long lba, int blocks) {
        return PooledByteBufAllocator.DEFAULT.buffer(16).writeByte(0x8A).writeByte(0).writeLong(lba).writeInt(blocks)
                .writeByte(0).writeByte(0);
    }

    @Test
    void aReadAboveTheLimitIsReadInPiecesAndJoinedInOrder() {
        Device d = new Device();
        ScsiResult r = new SplitPath(d, 4096).execute(read10(100, 20), true, 20 * BLOCK, null, 1000).join();
        assertEquals(List.of("40@100+8/8", "40@108+8/8", "40@116+4/8"), d.cdbs); // FUA kept
        assertEquals(0, r.status());
        assertEquals(20 * BLOCK, r.dataIn().readableBytes());
        for (int i = 0; i < 20 * BLOCK; i++) {
            assertEquals((byte) (100 * BLOCK + i), r.dataIn().getByte(i), "byte " + i);
        }
        r.release();
    }

    @Test
    void aWriteIsSlicedAndItsBufferReleasedOnce() {
        Device d = new Device();
        ByteBuf out = PooledByteBufAllocator.DEFAULT.directBuffer(12 * BLOCK);
        for (int i = 0; i < 12 * BLOCK; i++) {
            out.writeByte(i / BLOCK);
        }
        ScsiResult r = new SplitPath(d, 8 * BLOCK).execute(write16(1L << 33, 12), false, 12 * BLOCK, out, 1000).join();
        assertEquals(List.of("138@" + (1L << 33) + "+8", "138@" + ((1L << 33) + 8) + "+4"), d.cdbs);
        assertEquals(8 * BLOCK, d.written.get(0).length);
        assertEquals(8, d.written.get(1)[0]);
        assertEquals(0, r.residual());
        assertEquals(0, out.refCnt());
        r.release();
    }

    @Test
    void theFirstPieceThatFailsEndsTheCommandWithItsSenseAndTheRestAsResidual() {
        Device d = new Device();
        d.failAt = 108;
        ScsiResult r = new SplitPath(d, 4096).execute(read10(100, 20), true, 20 * BLOCK, null, 1000).join();
        assertEquals(2, d.cdbs.size());
        assertEquals(0x02, r.status());
        assertEquals(0x03, r.sense().getByte(2));
        assertEquals(12 * BLOCK, r.residual());
        assertTrue(r.underflow());
        r.release();
    }

    @Test
    void aPieceWithoutStatusFailsTheCommandAndReleasesWhatWasRead() {
        Device d = new Device();
        d.failAt = 108;
        d.throwAt = true;
        ByteBuf out = PooledByteBufAllocator.DEFAULT.directBuffer(20 * BLOCK).writeZero(20 * BLOCK);
        CompletableFuture<ScsiResult> f = new SplitPath(d, 4096).execute(write16(100, 20), false, 20 * BLOCK, out, 1000);
        assertThrows(CompletionException.class, f::join);
        assertEquals(0, out.refCnt());
        CompletableFuture<ScsiResult> g = new SplitPath(d, 4096).execute(read10(100, 20), true, 20 * BLOCK, null, 1000);
        assertThrows(CompletionException.class, g::join);
    }

    /** A CDB that counts how often it is copied out into an array. */
    private static final class CountingCdb extends UnpooledDirectByteBuf {
        int arrayCopies;

        CountingCdb(int... bytes) {
            super(UnpooledByteBufAllocator.DEFAULT, bytes.length, bytes.length);
            for (int b : bytes) {
                writeByte(b);
            }
        }

        @Override
        public ByteBuf getBytes(int index, byte[] dst, int dstIndex, int length) {
            arrayCopies++;
            return super.getBytes(index, dst, dstIndex, length);
        }
    }

    /**
     * Regression: every command through the split path was copied into a byte[] first (and split pieces got heap
     * CDBs); commands are now read in place, and the pieces' CDBs are pooled direct buffers.
     */
    @Test
    void commandsAreReadInPlaceAndPiecesGetPooledCdbs() {
        List<ByteBuf> pieces = new ArrayList<>();
        // Answers GOOD without reading the CDB; keeps it (the path's to release) for the checks below.
        ScsiPath seen = (cdb, read, expected, dataOut, timeoutMs) -> {
            pieces.add(cdb);
            return CompletableFuture.completedFuture(new ScsiResult(0, PooledByteBufAllocator.DEFAULT.buffer(0),
                    PooledByteBufAllocator.DEFAULT.directBuffer(expected).writeZero(expected), 0, false, false));
        };
        CountingCdb whole = new CountingCdb(0x28, 0, 0, 0, 0, 7, 0, 0, 8, 0);
        new SplitPath(seen, 4096).execute(whole, true, 8 * BLOCK, null, 1000).join().release();
        CountingCdb inquiry = new CountingCdb(0x12, 0, 0, 0, 96, 0);
        new SplitPath(seen, 64).execute(inquiry, true, 96, null, 1000).join().release();
        CountingCdb split = new CountingCdb(0x28, 0, 0, 0, 0, 7, 0, 0, 20, 0);
        new SplitPath(seen, 4096).execute(split, true, 20 * BLOCK, null, 1000).join().release();
        assertEquals(0, whole.arrayCopies + inquiry.arrayCopies + split.arrayCopies);
        assertEquals(5, pieces.size());
        assertEquals(List.of(whole, inquiry), pieces.subList(0, 2), "passed on as they came");
        whole.release();
        inquiry.release();
        for (ByteBuf p : pieces.subList(2, 5)) {
            assertTrue(p.isDirect() && p.alloc() == PooledByteBufAllocator.DEFAULT, p.toString());
            p.release();
        }
        assertEquals(0, split.refCnt(), "the split command's CDB released once its pieces are done");
    }

    @Test
    void commandsThatFitAndOtherCommandsGoThroughWhole() {
        Device d = new Device();
        new SplitPath(d, 4096).execute(read10(7, 8), true, 8 * BLOCK, null, 1000).join().release();
        assertEquals(List.of("40@7+8/8"), d.cdbs);
    }
}
