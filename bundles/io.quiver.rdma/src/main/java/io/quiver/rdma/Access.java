package io.quiver.rdma;

/** What a memory registration allows, as verbs' {@code ibv_access_flags}. */
public enum Access {
    /** The local adapter may write (receives, RDMA READ targets). */
    LOCAL_WRITE,
    /** The peer may RDMA WRITE into the region (needs {@link #LOCAL_WRITE} on hardware). */
    REMOTE_WRITE,
    /** The peer may RDMA READ from the region. */
    REMOTE_READ
}
