package io.quiver.rdma;

/**
 * The queues of one endpoint: send queue depth (SENDs, RDMA WRITEs and READs together), receive queue depth
 * and the size of each receive buffer, bytes a SEND may carry inline, and RDMA READs outstanding on both
 * sides. Immutable. A provider lowers nothing silently: a value above the device's limits fails the accept
 * or connect with an {@link RdmaException} naming the limit.
 *
 * @param sendQueueDepth work requests the send queue holds, at least 1
 * @param receiveQueueDepth receive buffers posted at once, at least 1
 * @param receiveBufferSize bytes of each receive buffer: the largest message the peer may send
 * @param maxInlineData bytes a SEND may carry inline in the work request (0 for none)
 * @param rdmaReadDepth RDMA READs this side issues at once ({@code initiator_depth}) and accepts from the
 *        peer ({@code responder_resources})
 */
public record QueueConfig(int sendQueueDepth, int receiveQueueDepth, int receiveBufferSize, int maxInlineData,
        int rdmaReadDepth) {

    /** Checks every field's range. */
    public QueueConfig {
        if (sendQueueDepth < 1 || receiveQueueDepth < 1 || receiveBufferSize < 1 || maxInlineData < 0
                || rdmaReadDepth < 0) {
            throw new IllegalArgumentException("bad queue configuration: " + sendQueueDepth + "/"
                    + receiveQueueDepth + "/" + receiveBufferSize + "/" + maxInlineData + "/" + rdmaReadDepth);
        }
    }
}
