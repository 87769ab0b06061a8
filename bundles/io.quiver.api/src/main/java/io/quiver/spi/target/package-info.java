/**
 * The target driver SPI: what a transport (iSCSI, SRP, FCoE, local loopback) uses to carry SCSI
 * commands from initiators to the target core, modelled on SCST's {@code scst_tgt_template}.
 *
 * <p>A transport obtains the {@link io.quiver.spi.target.ScsiTargetCore} service, registers each of its
 * targets ({@link io.quiver.spi.target.ScsiTargetCore#registerTarget}), opens one
 * {@link io.quiver.spi.target.Session} per I_T nexus at login and submits
 * {@link io.quiver.spi.target.ScsiCommand}s and {@link io.quiver.spi.target.TaskManagementRequest}s
 * through it. The core calls back on the command for its data-out (SCST's {@code rdy_to_xfer}) and
 * its completion (SCST's {@code xmit_response}). The transport never parses a CDB.
 *
 * <p>Interfaces marked {@code @ConsumerType} are implemented by transports; {@code @ProviderType} ones by
 * the core. Every callback says whether it is MUST or OPTIONAL and on which thread it runs.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("0.5.0")
package io.quiver.spi.target;
