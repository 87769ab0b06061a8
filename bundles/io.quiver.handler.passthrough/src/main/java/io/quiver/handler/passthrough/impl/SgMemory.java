package io.quiver.handler.passthrough.impl;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import io.netty.buffer.ByteBuf;
import io.quiver.linux.FileIo;
import io.quiver.linux.SgIo;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.util.concurrent.ThreadFactory;

/**
 * The native memory one device thread of {@link SgIoPath} fills for each {@code SG_IO}: the header (either
 * version), the CDB, the sense buffer and the data-out iovec, allocated once per thread in an arena confined to
 * it, reused by every command the thread runs (each command overwrites what it uses; {@link SgHeader} clears the
 * header), and freed when the thread ends ({@link #threads}). The iovec grows, by a new arena, for a data-out of
 * more components than it held. Confined: only its own thread touches it.
 */
final class SgMemory {

    /** The longest CDB SPC-4 allows (a variable-length CDB of 260 bytes). */
    static final int MAX_CDB = 260;
    private static final int FIRST_IOVEC_ENTRIES = 32;
    private static final ThreadLocal<SgMemory> CURRENT = new ThreadLocal<>();

    private Arena arena;
    private MemorySegment header;
    private MemorySegment cdb;
    private MemorySegment sense;
    private MemorySegment iovec;

    private SgMemory(int iovecEntries) {
        allocate(iovecEntries);
    }

    private void allocate(int iovecEntries) {
        arena = Arena.ofConfined();
        header = arena.allocate(Math.max(SgIo.SG_IO_HDR.byteSize(), SgIo.SG_IO_V4.byteSize()), 8);
        cdb = arena.allocate(MAX_CDB);
        sense = arena.allocate(SgIoPath.MAX_SENSE);
        iovec = arena.allocate(FileIo.IOVEC, iovecEntries);
    }

    /** This thread's memory, allocated on its first command. */
    static SgMemory current() {
        SgMemory m = CURRENT.get();
        if (m == null) {
            m = new SgMemory(FIRST_IOVEC_ENTRIES);
            CURRENT.set(m);
        }
        return m;
    }

    /** Device threads from {@code base} that free their memory when they end. */
    static ThreadFactory threads(ThreadFactory base) {
        return r -> base.newThread(() -> {
            try {
                r.run();
            } finally {
                SgMemory m = CURRENT.get();
                if (m != null) {
                    CURRENT.remove();
                    m.arena.close();
                }
            }
        });
    }

    /** The header, {@code size} bytes of it ({@code sg_io_hdr} or {@code sg_io_v4}). */
    MemorySegment header(long size) {
        return header.asSlice(0, size);
    }

    /** {@code command}'s readable bytes, copied (a CDB, never data). */
    MemorySegment cdb(ByteBuf command) {
        int length = command.readableBytes();
        if (length > MAX_CDB) {
            throw new IllegalArgumentException("a CDB of " + length + " bytes");
        }
        MemorySegment c = cdb.asSlice(0, length);
        c.copyFrom(MemorySegment.ofBuffer(command.nioBuffer()));
        return c;
    }

    /** The sense buffer, {@link SgIoPath#MAX_SENSE} bytes. */
    MemorySegment sense() {
        return sense;
    }

    /** An iovec naming {@code parts} in place, or {@link MemorySegment#NULL} for none. */
    MemorySegment iovec(ByteBuffer[] parts) {
        if (parts.length == 0) {
            return MemorySegment.NULL;
        }
        long entry = FileIo.IOVEC.byteSize();
        if (parts.length * entry > iovec.byteSize()) {
            arena.close();
            allocate(Math.max(parts.length, (int) (2 * iovec.byteSize() / entry)));
        }
        for (int i = 0; i < parts.length; i++) {
            iovec.set(ADDRESS, i * entry, MemorySegment.ofBuffer(parts[i]));
            iovec.set(JAVA_LONG, i * entry + ADDRESS.byteSize(), parts[i].remaining());
        }
        return iovec.asSlice(0, parts.length * entry);
    }
}
