package io.quiver.rdma;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Memory registered with an endpoint's protection domain for the peer's RDMA READ or WRITE: what an initiator
 * advertises in a data buffer descriptor (address, rkey, length). Valid until closed; the buffer it was made
 * from must stay allocated meanwhile. Thread-safe; {@link #close()} deregisters once.
 */
@ProviderType
public interface MemoryRegion extends AutoCloseable {

    /** The virtual address the peer names (the registered buffer's first readable byte). */
    long address();

    /** The key the peer presents. */
    int rkey();

    /** Registered bytes. */
    int length();

    /** Deregisters; the peer's later accesses fail with {@link CompletionStatus#REMOTE_ACCESS_ERROR}. */
    @Override
    void close();
}
