package io.quiver.rdma;

/** The kind of a work request a completion reports, as verbs' {@code ibv_wc_opcode} names them. */
public enum WorkRequestType {
    /** A SEND of a message to the peer's receive queue. */
    SEND,
    /** An RDMA WRITE of local bytes into the peer's registered memory. */
    RDMA_WRITE,
    /** An RDMA READ of the peer's registered memory into a local buffer. */
    RDMA_READ,
    /** A receive buffer of this side's receive queue (reported only when it fails). */
    RECEIVE
}
