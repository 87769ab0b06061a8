/**
 * SCSI vocabulary shared by the core, transports and device handlers: operation codes, status,
 * sense keys, additional sense codes, sense data and CDB field access (SAM-5, SPC-4, SBC-3).
 * Values only; nothing here has state or threads.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("0.3.0")
package io.quiver.scsi;
