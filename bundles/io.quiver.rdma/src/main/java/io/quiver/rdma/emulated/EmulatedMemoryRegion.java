package io.quiver.rdma.emulated;

import io.netty.buffer.ByteBuf;
import io.quiver.rdma.Access;
import io.quiver.rdma.MemoryRegion;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * Memory registered with an emulated endpoint's protection domain. The peer's RDMA READ or WRITE reaches the
 * registered bytes of the buffer (not retained: it must stay allocated while registered, as on hardware)
 * only under the right key, inside the bounds and with the access right. Thread-safe; {@link #close()}
 * deregisters once, and later accesses fail with {@code REMOTE_ACCESS_ERROR}.
 */
final class EmulatedMemoryRegion implements MemoryRegion {
    private final ByteBuf buffer;
    private final int offset;
    private final int length;
    private final long address;
    private final int rkey;
    private final Set<Access> access;
    private final Map<Integer, EmulatedMemoryRegion> domain;

    EmulatedMemoryRegion(ByteBuf buffer, long address, int rkey, Set<Access> access,
            Map<Integer, EmulatedMemoryRegion> domain) {
        this.buffer = buffer;
        this.offset = buffer.readerIndex();
        this.length = buffer.readableBytes();
        this.address = address;
        this.rkey = rkey;
        this.access = access.isEmpty() ? EnumSet.noneOf(Access.class) : EnumSet.copyOf(access);
        this.domain = domain;
        domain.put(rkey, this);
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
        domain.remove(rkey, this);
    }

    /** Whether {@code right} covers {@code [at, at + bytes)}; the region must still be registered. */
    boolean permits(Access right, long at, int bytes) {
        return domain.get(rkey) == this && access.contains(right) && at >= address
                && at - address <= length - (long) bytes;
    }

    /** Copies {@code bytes} registered bytes from {@code at} to the end of {@code target}. */
    void readInto(long at, ByteBuf target, int bytes) {
        target.writeBytes(buffer, offset + (int) (at - address), bytes);
    }

    /** Copies {@code source}'s readable bytes to {@code at}, leaving its indexes alone. */
    void writeFrom(long at, ByteBuf source) {
        buffer.setBytes(offset + (int) (at - address), source, source.readerIndex(), source.readableBytes());
    }
}
