package io.quiver.sbc.impl;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.quiver.sbc.BlockStore;
import io.quiver.spi.device.DeviceTask;
import java.io.IOException;

/**
 * Writes one block's pattern over a range of blocks (WRITE SAME, SANITIZE OVERWRITE and BLOCK ERASE,
 * FORMAT UNIT): the pattern is repeated into one pooled chunk of at most {@link #CHUNK_BYTES}, which is
 * then written as often as the range needs, so a large range costs one buffer. Stops early when the task
 * is aborted. Stateless; thread-safe.
 */
final class Fill {

    static final int CHUNK_BYTES = 1 << 20;

    /** Asked before each chunk how the fill goes on. */
    interface Progress {
        /** @return false to stop before the chunk at {@code blocksDone} blocks into the range */
        boolean proceed(long blocksDone) throws IOException;
    }

    private Fill() {
    }

    /**
     * @param pattern exactly one block, read from its reader index and not consumed
     * @return whether the whole range was written (false if the task was aborted first)
     */
    static boolean fill(BlockStore store, DeviceTask task, long lba, long blocks, ByteBuf pattern,
            boolean durable) throws IOException {
        if (zero(pattern, store.blockSize()) && store.writeZeroes(lba, blocks, durable)) {
            // the store zeroes the range itself (librbd's write_zeroes): no block travels per block
            return true;
        }
        return fill(store, task.alloc(), done -> !task.isAborted(), lba, blocks, pattern, durable);
    }

    /**
     * As {@link #fill(BlockStore, DeviceTask, long, long, ByteBuf, boolean)} for work that outlives its
     * task (SANITIZE with IMMED) or that no abort may stop: {@code progress} paces it and says when to stop.
     */
    static boolean fill(BlockStore store, ByteBufAllocator alloc, Progress progress, long lba, long blocks,
            ByteBuf pattern, boolean durable) throws IOException {
        int bs = store.blockSize();
        int chunkBlocks = (int) Math.min(blocks, CHUNK_BYTES / bs);
        ByteBuf chunk = alloc.directBuffer(chunkBlocks * bs);
        try {
            for (int i = 0; i < chunkBlocks; i++) {
                chunk.writeBytes(pattern, pattern.readerIndex(), bs);
            }
            long done = 0;
            while (done < blocks) {
                if (!progress.proceed(done)) {
                    return false;
                }
                int n = (int) Math.min(chunkBlocks, blocks - done);
                store.write(lba + done, chunk.slice(0, n * bs), durable);
                done += n;
            }
            return true;
        } finally {
            chunk.release();
        }
    }

    /** Whether the {@code bs} bytes of {@code block} from its reader index are all zero. */
    static boolean zero(ByteBuf block, int bs) {
        int at = block.readerIndex();
        int i = 0;
        for (; i + 8 <= bs; i += 8) {
            if (block.getLong(at + i) != 0) {
                return false;
            }
        }
        for (; i < bs; i++) {
            if (block.getByte(at + i) != 0) {
                return false;
            }
        }
        return true;
    }
}
