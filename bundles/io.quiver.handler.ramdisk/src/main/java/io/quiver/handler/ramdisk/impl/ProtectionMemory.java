package io.quiver.handler.ramdisk.impl;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.quiver.sbc.SpaceAllocationFailedException;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The T10 protection information of a ramdisk ({@code dif_type} 1-3): 8 bytes per block in chunks of
 * {@link #CHUNK_BYTES} taken at the first write, so PI never written reads as all ones (the escape the SBC
 * layer does not check). Byte-granular: writes for different blocks never read-modify-write each other.
 * Thread-safety: the owning {@link MemoryBlockStore} calls it under its lock as for the data.
 */
final class ProtectionMemory {

    static final int BYTES_PER_BLOCK = 8;
    static final int CHUNK_BYTES = 64 * 1024;
    private static final int BLOCKS_PER_CHUNK = CHUNK_BYTES / BYTES_PER_BLOCK;

    private final int type;
    private final ByteBufAllocator alloc;
    private final Map<Long, ByteBuf> chunks = new ConcurrentHashMap<>();

    ProtectionMemory(int type, ByteBufAllocator alloc) {
        this.type = type;
        this.alloc = alloc;
    }

    int type() {
        return type;
    }

    void read(long lba, int blocks, ByteBuf dst) {
        for (long at = lba, end = lba + blocks; at < end;) {
            int offset = (int) (at % BLOCKS_PER_CHUNK);
            int n = (int) Math.min(end - at, BLOCKS_PER_CHUNK - offset);
            ByteBuf c = chunks.get(at / BLOCKS_PER_CHUNK);
            if (c == null) {
                for (int i = 0; i < n * BYTES_PER_BLOCK; i++) {
                    dst.writeByte(0xFF);
                }
            } else {
                dst.writeBytes(c.nioBuffer(offset * BYTES_PER_BLOCK, n * BYTES_PER_BLOCK));
            }
            at += n;
        }
    }

    void write(long lba, ByteBuf src) throws IOException {
        int from = src.readerIndex();
        for (long at = lba, end = lba + src.readableBytes() / BYTES_PER_BLOCK; at < end;) {
            int offset = (int) (at % BLOCKS_PER_CHUNK);
            int n = (int) Math.min(end - at, BLOCKS_PER_CHUNK - offset);
            // a view of its own, as MemoryChunks writes: concurrent writers never share one
            src.getBytes(from, chunk(at / BLOCKS_PER_CHUNK).nioBuffer(offset * BYTES_PER_BLOCK, n * BYTES_PER_BLOCK));
            from += n * BYTES_PER_BLOCK;
            at += n;
        }
    }

    /** After a shrink to {@code blocks}: what lies beyond reads as never written again. */
    void truncate(long blocks) {
        chunks.entrySet().removeIf(e -> {
            if (e.getKey() * BLOCKS_PER_CHUNK >= blocks) {
                e.getValue().release();
                return true;
            }
            return false;
        });
        ByteBuf last = chunks.get(blocks / BLOCKS_PER_CHUNK);
        if (last != null) {
            int from = (int) (blocks % BLOCKS_PER_CHUNK) * BYTES_PER_BLOCK;
            for (int i = from; i < CHUNK_BYTES; i++) {
                last.setByte(i, 0xFF);
            }
        }
    }

    void free() {
        chunks.values().forEach(ByteBuf::release);
        chunks.clear();
    }

    private ByteBuf chunk(long index) throws IOException {
        ByteBuf c = chunks.get(index);
        if (c != null) {
            return c;
        }
        try {
            return chunks.computeIfAbsent(index, i -> {
                ByteBuf b = alloc.directBuffer(CHUNK_BYTES, CHUNK_BYTES);
                while (b.isWritable()) {
                    b.writeLong(-1L);
                }
                return b;
            });
        } catch (OutOfMemoryError e) {
            throw new SpaceAllocationFailedException("ramdisk out of memory for protection information", e);
        }
    }
}
