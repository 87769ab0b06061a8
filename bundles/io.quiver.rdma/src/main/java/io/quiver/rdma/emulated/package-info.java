/**
 * The emulated RDMA fabric: an in-process {@link io.quiver.rdma.RdmaProvider} per emulated node for unit
 * tests of the SRP target driver and iSER, modelling what an adapter does so that tests catch what hardware
 * would catch: the IB CM private-data limits, memory keys and bounds, queue-pair states and flushes, bounded
 * send and receive queues with receiver-not-ready retries, in-order completions delivered on the fabric's own
 * threads, and pooled direct buffers with the SPI's ownership rules.
 *
 * <p>Start with {@link io.quiver.rdma.emulated.EmulatedFabric}; {@code docs/rdma-emulated.md} lists what is
 * modelled and what is not.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("0.1.0")
package io.quiver.rdma.emulated;
