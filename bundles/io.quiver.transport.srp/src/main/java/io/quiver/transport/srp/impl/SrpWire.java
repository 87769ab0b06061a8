package io.quiver.transport.srp.impl;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.util.concurrent.CompletionStage;

/**
 * What an SRP channel needs from its RDMA connection: SEND an IU, RDMA WRITE data-in to the initiator's
 * memory, RDMA READ data-out from it, and hang up. {@link EndpointWire} implements it over an
 * {@code io.quiver.rdma} endpoint; tests implement it in memory.
 *
 * <p>Threading: every method may be called from any thread and must not block. Ordering: an RDMA WRITE posted
 * before a SEND reaches the initiator's memory before the SEND is delivered (reliable-connected queue pairs
 * execute in order), which is what lets the channel send the SRP_RSP right behind the data.
 */
public interface SrpWire {

    /** Buffers in registered memory, so SENDs, WRITEs and READs need no bounce copy. */
    ByteBufAllocator allocator();

    /** SENDs {@code iu}'s readable bytes; takes ownership of the buffer. A failure disconnects the wire. */
    void send(ByteBuf iu);

    /**
     * RDMA WRITEs {@code source}'s readable bytes to {@code address} under {@code rkey}; takes ownership.
     * A failure disconnects the wire.
     */
    void rdmaWrite(ByteBuf source, long address, int rkey);

    /**
     * RDMA READs {@code length} bytes at {@code address} under {@code rkey} into {@code target}'s writable
     * bytes (its writer index advances by {@code length}). The buffer stays the caller's.
     *
     * @return completes when the data is in {@code target}, exceptionally if the read failed
     */
    CompletionStage<Void> rdmaRead(ByteBuf target, long address, int rkey, int length);

    /** Disconnects (RDMA CM DREQ); the channel hears of it through {@link SrpChannel#disconnected()}. Idempotent. */
    void disconnect();
}
