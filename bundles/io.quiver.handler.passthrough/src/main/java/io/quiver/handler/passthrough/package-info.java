/**
 * Pass-through device handlers (SCST's {@code dev_disk}): the device forwards every SCSI command the core
 * gives it to a {@link io.quiver.handler.passthrough.PassThroughBackend} that reaches a real device, and passes
 * status, sense and residuals back unchanged.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package io.quiver.handler.passthrough;
