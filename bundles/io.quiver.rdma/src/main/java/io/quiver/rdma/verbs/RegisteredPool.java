package io.quiver.rdma.verbs;

import static java.lang.foreign.ValueLayout.JAVA_INT;

import io.quiver.rdma.RdmaException;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.Map;
import java.util.TreeMap;

/**
 * Direct memory registered with one protection domain ({@code ibv_reg_mr} with local write and remote read
 * and write), handed out in power-of-two pieces: 4 MiB chunks registered once and carved into pieces of
 * 512 B up to 4 MiB kept on free lists, and pieces larger than a chunk registered on their own and
 * deregistered when given back (registration pins pages, so a pool that only grew would pin without bound
 * for rare huge buffers). Thread-safe (one lock; allocation is a list pop).
 */
final class RegisteredPool implements AutoCloseable {

    static final int CHUNK = 4 << 20;
    private static final int MIN_SHIFT = 9;
    private static final int CLASSES = Integer.numberOfTrailingZeros(CHUNK) - MIN_SHIFT + 1;
    private static final int ACCESS = Layouts.IBV_ACCESS_LOCAL_WRITE | Layouts.IBV_ACCESS_REMOTE_WRITE
            | Layouts.IBV_ACCESS_REMOTE_READ;

    /** One registration: where it starts, how long it is, its keys and the ibv_mr to deregister. */
    record Region(long start, long length, int lkey, int rkey, MemorySegment mr, ByteBuffer memory) {
    }

    private final Verbs verbs;
    private final MemorySegment pd;
    private final TreeMap<Long, Region> regions = new TreeMap<>();
    @SuppressWarnings("unchecked")
    private final ArrayDeque<ByteBuffer>[] free = new ArrayDeque[CLASSES];
    private ByteBuffer chunk;
    private int carved;
    private boolean closed;

    RegisteredPool(Verbs verbs, MemorySegment pd) {
        this.verbs = verbs;
        this.pd = pd;
        for (int i = 0; i < CLASSES; i++) {
            free[i] = new ArrayDeque<>();
        }
    }

    /** A registered piece of at least {@code size} bytes (position 0, limit = its capacity). */
    synchronized ByteBuffer take(int size) throws RdmaException {
        if (closed) {
            throw new RdmaException("the device's memory pool is closed");
        }
        if (size > CHUNK) {
            ByteBuffer own = ByteBuffer.allocateDirect(size);
            register(own);
            return own;
        }
        int cls = classOf(size);
        ByteBuffer piece = free[cls].poll();
        if (piece != null) {
            return piece.clear();
        }
        int pieceSize = 1 << (cls + MIN_SHIFT);
        if (chunk == null || carved + pieceSize > CHUNK) {
            // the rest of the old chunk stays unused until close: pieces are aligned powers of two, so a
            // chunk wastes at most what the last request's class could not fit
            chunk = ByteBuffer.allocateDirect(CHUNK);
            register(chunk);
            carved = 0;
        }
        piece = chunk.slice(carved, pieceSize);
        carved += pieceSize;
        return piece;
    }

    /** Gives back a piece from {@link #take}. */
    synchronized void give(ByteBuffer piece) {
        if (piece.capacity() > CHUNK) {
            Region r = regions.remove(MemorySegment.ofBuffer(piece).address());
            if (r != null) {
                deregister(r);
            }
        } else if (!closed) {
            free[classOf(piece.capacity())].push(piece);
        }
    }

    /** The registration holding {@code [address, address+length)}, or null when the memory is not ours. */
    synchronized Region find(long address, long length) {
        Map.Entry<Long, Region> e = regions.floorEntry(address);
        if (e == null) {
            return null;
        }
        Region r = e.getValue();
        return address + length <= r.start + r.length ? r : null;
    }

    /** Deregisters everything; pieces still out become unusable for the adapter (their memory stays valid). */
    @Override
    public synchronized void close() {
        closed = true;
        regions.values().forEach(this::deregister);
        regions.clear();
    }

    private static int classOf(int size) {
        int bits = 32 - Integer.numberOfLeadingZeros(Math.max(size, 1 << MIN_SHIFT) - 1);
        return bits - MIN_SHIFT;
    }

    private void register(ByteBuffer memory) throws RdmaException {
        MemorySegment segment = MemorySegment.ofBuffer(memory);
        MemorySegment mr = VerbsMemory.registerRaw(verbs, pd, segment, ACCESS);
        regions.put(segment.address(), new Region(segment.address(), segment.byteSize(),
                mr.get(JAVA_INT, Layouts.MR_LKEY), mr.get(JAVA_INT, Layouts.MR_RKEY), mr, memory));
    }

    private void deregister(Region r) {
        VerbsMemory.deregisterRaw(verbs, r.mr());
    }
}
