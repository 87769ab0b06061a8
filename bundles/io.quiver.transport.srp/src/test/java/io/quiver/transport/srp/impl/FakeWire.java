package io.quiver.transport.srp.impl;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;
import io.quiver.transport.srp.iu.SrpIu;
import io.quiver.transport.srp.iu.SrpIuDecoder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * An in-memory wire: the initiator's registered memory is a map of rkey to buffer (address = offset inside it
 * plus a base), SENDs are decoded as the initiator would and kept in order with the WRITEs before them.
 */
final class FakeWire implements SrpWire {

    static final long BASE = 0x7f0000000000L;

    final Map<Integer, ByteBuf> memory = new HashMap<>();
    final List<SrpIu> received = new ArrayList<>();
    final List<String> order = new ArrayList<>();
    boolean disconnected;
    SrpChannel channel;

    @Override
    public ByteBufAllocator allocator() {
        return PooledByteBufAllocator.DEFAULT;
    }

    @Override
    public synchronized void send(ByteBuf iu) {
        try {
            received.add(SrpIuDecoder.decodeAtInitiator(io.netty.buffer.Unpooled.copiedBuffer(iu)));
            order.add("SEND");
        } catch (Exception e) {
            throw new AssertionError("the target sent an IU the initiator cannot decode", e);
        } finally {
            iu.release();
        }
    }

    @Override
    public synchronized void rdmaWrite(ByteBuf source, long address, int rkey) {
        try {
            ByteBuf region = region(rkey, address, source.readableBytes());
            region.setBytes((int) (address - BASE), source, source.readerIndex(), source.readableBytes());
            order.add("WRITE");
        } finally {
            source.release();
        }
    }

    @Override
    public synchronized CompletionStage<Void> rdmaRead(ByteBuf target, long address, int rkey, int length) {
        try {
            ByteBuf region = region(rkey, address, length);
            target.writeBytes(region, (int) (address - BASE), length);
            order.add("READ");
            return CompletableFuture.completedFuture(null);
        } catch (IllegalArgumentException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private ByteBuf region(int rkey, long address, int length) {
        ByteBuf region = memory.get(rkey);
        if (region == null || address < BASE || address - BASE + length > region.capacity()) {
            throw new IllegalArgumentException("remote access error: rkey " + rkey);
        }
        return region;
    }

    @Override
    public synchronized void disconnect() {
        if (!disconnected) {
            disconnected = true;
            order.add("DISCONNECT");
            if (channel != null) {
                SrpChannel c = channel;
                c.disconnected();
            }
        }
    }

    synchronized <T extends SrpIu> T last(Class<T> type) {
        SrpIu iu = received.get(received.size() - 1);
        return type.cast(iu);
    }

    void releaseMemory() {
        memory.values().forEach(ByteBuf::release);
        memory.clear();
    }
}
