package io.quiver.rdma.verbs;

import static java.lang.foreign.ValueLayout.JAVA_INT;

import io.netty.buffer.ByteBuf;
import io.quiver.linux.NativeLibrary;
import io.quiver.rdma.Access;
import io.quiver.rdma.MemoryRegion;
import io.quiver.rdma.RdmaException;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * A {@link MemoryRegion} made by {@code ibv_reg_mr} for {@link io.quiver.rdma.RdmaEndpoint#register}, and the
 * raw registration calls the pool shares. Thread-safe: {@link #close()} deregisters exactly once, also when
 * the endpoint closes first (it deregisters what its user left open).
 */
final class VerbsMemory implements MemoryRegion {

    private final Verbs verbs;
    private final MemorySegment mr;
    private final long address;
    private final int length;
    private final int rkey;
    private final Consumer<VerbsMemory> onClose;
    private final AtomicBoolean closed = new AtomicBoolean();

    private VerbsMemory(Verbs verbs, MemorySegment mr, long address, int length, Consumer<VerbsMemory> onClose) {
        this.verbs = verbs;
        this.mr = mr;
        this.address = address;
        this.length = length;
        this.rkey = mr.get(JAVA_INT, Layouts.MR_RKEY);
        this.onClose = onClose;
    }

    /** Registers {@code buffer}'s readable bytes with {@code dev}'s protection domain. */
    static VerbsMemory register(DeviceContext dev, ByteBuf buffer, Set<Access> access, Consumer<VerbsMemory> onClose)
            throws RdmaException {
        if (!buffer.isDirect() || buffer.nioBufferCount() != 1) {
            throw new RdmaException("only one contiguous direct buffer can be registered, not " + buffer);
        }
        ByteBuffer nio = buffer.nioBuffer(buffer.readerIndex(), buffer.readableBytes());
        return register(dev.verbs, dev.pd, MemorySegment.ofBuffer(nio).address(), nio.remaining(), access, onClose);
    }

    /** Registers {@code length} bytes at {@code address} with {@code access}. */
    static VerbsMemory register(Verbs verbs, MemorySegment pd, long address, int length, Set<Access> access,
            Consumer<VerbsMemory> onClose) throws RdmaException {
        int flags = 0;
        // verbs requires local write whenever remote write is asked for; READ targets need it as well
        if (access.contains(Access.LOCAL_WRITE) || access.contains(Access.REMOTE_WRITE)) {
            flags |= Layouts.IBV_ACCESS_LOCAL_WRITE;
        }
        if (access.contains(Access.REMOTE_WRITE)) {
            flags |= Layouts.IBV_ACCESS_REMOTE_WRITE;
        }
        if (access.contains(Access.REMOTE_READ)) {
            flags |= Layouts.IBV_ACCESS_REMOTE_READ;
        }
        MemorySegment mr = registerRaw(verbs, pd, MemorySegment.ofAddress(address), length, flags);
        return new VerbsMemory(verbs, mr, address, length, onClose);
    }

    /** {@code ibv_reg_mr} over {@code segment}: the ibv_mr, sized so its keys can be read. */
    static MemorySegment registerRaw(Verbs verbs, MemorySegment pd, MemorySegment segment, int access)
            throws RdmaException {
        return registerRaw(verbs, pd, segment, segment.byteSize(), access);
    }

    @SuppressWarnings("restricted") // the ibv_mr is libibverbs' struct: we read its lkey and rkey
    private static MemorySegment registerRaw(Verbs verbs, MemorySegment pd, MemorySegment at, long length,
            int access) throws RdmaException {
        MemorySegment mr;
        try {
            mr = (MemorySegment) verbs.regMr.invokeExact(NativeLibrary.errnoState(), pd, at, length, access);
        } catch (Throwable t) {
            throw Verbs.bug(t);
        }
        return Verbs.check(mr, "ibv_reg_mr(" + length + " bytes)").reinterpret(Layouts.MR_RKEY + 4);
    }

    /** {@code ibv_dereg_mr}; a failure is a leak of pinned pages, logged by the caller's exception. */
    static void deregisterRaw(Verbs verbs, MemorySegment mr) {
        int rc;
        try {
            rc = (int) verbs.deregMr.invokeExact(NativeLibrary.errnoState(), mr);
        } catch (Throwable t) {
            throw Verbs.bug(t);
        }
        if (rc != 0) {
            throw new IllegalStateException(Verbs.failure("ibv_dereg_mr", rc).getMessage());
        }
    }

    @Override
    public long address() {
        return address;
    }

    @Override
    public int rkey() {
        return rkey;
    }

    @Override
    public int length() {
        return length;
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            deregisterRaw(verbs, mr);
            onClose.accept(this);
        }
    }
}
