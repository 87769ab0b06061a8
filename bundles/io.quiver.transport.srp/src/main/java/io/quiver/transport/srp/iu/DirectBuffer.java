package io.quiver.transport.srp.iu;

import io.netty.buffer.ByteBuf;

/**
 * A direct data buffer descriptor (SRP r16a 5.5.2, 16 bytes, Linux's {@code struct srp_direct_buf}): one
 * region of the initiator's registered memory, the target of an RDMA READ or WRITE.
 *
 * @param address VIRTUAL ADDRESS
 * @param key MEMORY HANDLE (the rkey)
 * @param length DATA LENGTH, 0 to 2^32-1
 */
public record DirectBuffer(long address, int key, long length) {

    /** Reads a descriptor at {@code index} without moving indices. */
    public static DirectBuffer get(ByteBuf buf, int index) {
        return new DirectBuffer(buf.getLong(index), buf.getInt(index + 8), buf.getUnsignedInt(index + 12));
    }

    /** Appends the 16 bytes. */
    public void write(ByteBuf out) {
        out.writeLong(address).writeInt(key).writeInt((int) length);
    }
}
