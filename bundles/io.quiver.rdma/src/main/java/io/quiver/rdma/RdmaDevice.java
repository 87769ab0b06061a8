package io.quiver.rdma;

import java.util.Objects;

/**
 * One RDMA device (an HCA, a RoCE or iWARP NIC, or a soft device such as {@code rxe0}) and the limits that
 * bound a driver's queue sizes. Immutable.
 *
 * @param name the device name, e.g. {@code mlx5_0} or {@code rxe0}
 * @param nodeGuid the node GUID in host order (SRP's ioc_guid defaults to it)
 * @param maxQueuePairWorkRequests the most work requests one queue of a queue pair can hold
 * @param maxScatterGather the most scatter/gather entries of one work request
 * @param maxRdmaReadsPerQueuePair the most RDMA READs a queue pair may have outstanding as responder
 *        ({@code max_qp_rd_atom})
 */
public record RdmaDevice(String name, long nodeGuid, int maxQueuePairWorkRequests, int maxScatterGather,
        int maxRdmaReadsPerQueuePair) {

    /** Checks the name and that every limit is positive. */
    public RdmaDevice {
        Objects.requireNonNull(name, "name");
        if (maxQueuePairWorkRequests <= 0 || maxScatterGather <= 0 || maxRdmaReadsPerQueuePair <= 0) {
            throw new IllegalArgumentException("device " + name + " reports a non-positive limit");
        }
    }
}
