/**
 * The RDMA provider SPI: what the SRP target driver and iSER use to reach an RDMA fabric, shaped after
 * RDMA CM and verbs so that the real provider (librdmacm and libibverbs through FFM) is a thin layer and the
 * emulated fabric of unit tests behaves like hardware.
 *
 * <p>A passive side {@link io.quiver.rdma.RdmaProvider#listen listens} on an IP address and port (RoCE,
 * iWARP, or InfiniBand through IPoIB addresses, as RDMA CM resolves them); each connection request carries
 * the initiator's private data (SRP's login, iSER's hello) and is accepted or rejected with private data of
 * the target's own. An accepted request is an {@link io.quiver.rdma.RdmaEndpoint}: one reliable-connected
 * queue pair with its own receive ring, on which the driver posts SENDs, RDMA WRITEs and RDMA READs and
 * receives messages and completions through its {@link io.quiver.rdma.EndpointHandler}.
 *
 * <p>Buffers are Netty {@code ByteBuf}s. Those from {@link io.quiver.rdma.RdmaEndpoint#allocator()} lie in
 * registered memory and go to the wire without a copy; any other buffer is copied through a registered
 * bounce buffer. Work completion statuses are verbs' ({@link io.quiver.rdma.CompletionStatus}).
 *
 * <p>Interfaces marked {@code @ProviderType} are implemented by providers; {@code @ConsumerType} ones by
 * drivers.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("0.2.0")
package io.quiver.rdma;
