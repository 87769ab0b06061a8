package io.quiver.rdma.emulated;

import io.netty.buffer.ByteBuf;
import io.quiver.rdma.CompletionStatus;
import io.quiver.rdma.WorkRequestType;

/**
 * One work request of a send queue, from its post to its completion. After the post it is touched only on
 * the fabric's wire thread, under its queue pair's lock.
 */
final class WorkRequest {
    final WorkRequestType type;
    final long id;
    final boolean signaled;
    /** A SEND's or WRITE's source (owned until completion), or a READ's target (the caller's). */
    final ByteBuf buffer;
    final int length;
    final long remoteAddress;
    final int rkey;
    /** Null while the request is outstanding on the wire. */
    CompletionStatus status;
    /** Receiver-not-ready NAKs this SEND has met. */
    int rnrRetries;
    private boolean released;

    private WorkRequest(WorkRequestType type, long id, boolean signaled, ByteBuf buffer, int length,
            long remoteAddress, int rkey) {
        this.type = type;
        this.id = id;
        this.signaled = signaled;
        this.buffer = buffer;
        this.length = length;
        this.remoteAddress = remoteAddress;
        this.rkey = rkey;
    }

    static WorkRequest send(ByteBuf message, long id, boolean signaled) {
        return new WorkRequest(WorkRequestType.SEND, id, signaled, message, message.readableBytes(), 0, 0);
    }

    static WorkRequest write(ByteBuf source, long remoteAddress, int rkey, long id, boolean signaled) {
        return new WorkRequest(WorkRequestType.RDMA_WRITE, id, signaled, source, source.readableBytes(),
                remoteAddress, rkey);
    }

    /** READs are always signaled, as the SPI says. */
    static WorkRequest read(ByteBuf target, int length, long remoteAddress, int rkey, long id) {
        return new WorkRequest(WorkRequestType.RDMA_READ, id, true, target, length, remoteAddress, rkey);
    }

    /** Releases a SEND's or WRITE's buffer, once; a READ's target stays with the caller. */
    void releaseOwned() {
        if (!released && type != WorkRequestType.RDMA_READ) {
            released = true;
            buffer.release();
        }
    }
}
