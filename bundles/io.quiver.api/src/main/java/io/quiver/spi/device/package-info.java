/**
 * The device handler SPI: what a device handler (fileio, blockio, nullio, ramdisk, cdrom, pass-through)
 * implements so the target core can export its devices as logical units, modelled on SCST's
 * {@code scst_dev_type}.
 *
 * <p>A handler bundle registers one {@link io.quiver.spi.device.DeviceHandler} service and one
 * {@link io.quiver.spi.device.ScsiDevice} service per device (normally one DS component instance per
 * factory configuration of the handler's PID). The core tracks the devices, maps them to LUNs, answers
 * the commands that are the core's (REPORT LUNS, standard INQUIRY and VPD 00h/80h/83h, REQUEST SENSE,
 * reservations, ALUA) and forwards every other command as a {@link io.quiver.spi.device.DeviceTask}.
 * When a device service goes away its LUNs go away with it.
 *
 * <p>Interfaces marked {@code @ConsumerType} are implemented by handlers; {@code @ProviderType} ones by
 * the core.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("0.7.0")
package io.quiver.spi.device;
