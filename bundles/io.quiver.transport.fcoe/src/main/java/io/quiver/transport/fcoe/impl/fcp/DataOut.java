package io.quiver.transport.fcoe.impl.fcp;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.util.concurrent.CompletableFuture;

/**
 * The data-out of one FCP write in bursts (FCP-4 9.3, 9.4): each burst is asked for by one FCP_XFER_RDY with
 * its relative offset and at most the maximum burst size; FCP_DATA frames are copied by relative offset in
 * any order and fragmentation, a retransmitted frame counting once; a burst ends when every byte up to its end
 * is in. Data past the current burst's end is an overrun. Not thread-safe: its exchange holds its lock; the
 * future is completed by the exchange outside it.
 */
final class DataOut {

    /** What one FCP_DATA frame did. */
    enum Step { MORE, NEXT_BURST, COMPLETE, OVERRUN }

    private final int length;
    private final int maxBurst;
    private final ByteBuf buffer;
    private final ReceivedRanges ranges = new ReceivedRanges();
    final CompletableFuture<ByteBuf> done = new CompletableFuture<>();
    private int burstEnd;
    private int received;

    /** @param maxBurst the most one burst asks for, at least 1 */
    DataOut(int length, int maxBurst) {
        this.length = length;
        this.maxBurst = maxBurst;
        this.buffer = ByteBufAllocator.DEFAULT.directBuffer(length);
    }

    int length() {
        return length;
    }

    /** Starts the next burst; returns its relative offset ({@link #burstLength()} bytes from there). */
    int nextBurst() {
        int offset = burstEnd;
        burstEnd = (int) Math.min(length, (long) offset + maxBurst);
        return offset;
    }

    int burstLength() {
        return burstEnd - Math.min(burstEnd, ranges.contiguous());
    }

    /** One FCP_DATA payload at relative {@code offset}: copied unless it runs past the current burst. */
    Step add(int offset, ByteBuf payload) {
        int n = payload.readableBytes();
        if (offset < 0 || (long) offset + n > burstEnd) {
            return Step.OVERRUN;
        }
        buffer.setBytes(offset, payload, payload.readerIndex(), n);
        received += ranges.add(offset, offset + n);
        if (ranges.contiguous() < burstEnd) {
            return Step.MORE;
        }
        return burstEnd < length ? Step.NEXT_BURST : Step.COMPLETE;
    }

    /** The relative offset a frame without one continues at: the end of the gap-free data. */
    int contiguous() {
        return ranges.contiguous();
    }

    /** Bytes received (each once). */
    int received() {
        return received;
    }

    /** The whole data-out, handed over (once, after {@link Step#COMPLETE}). */
    ByteBuf take() {
        return buffer.writerIndex(length);
    }

    /** Frees the buffer when the transfer does not complete (abort, overrun, exchange end). */
    void discard() {
        if (buffer.refCnt() > 0) {
            buffer.release();
        }
    }
}
