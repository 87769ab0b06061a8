/**
 * The SBC-3/4 direct-access block command set, written once over {@link io.quiver.sbc.BlockStore}: a
 * block device handler supplies a store and its Metatype and gets READ/WRITE, VERIFY, WRITE SAME, UNMAP,
 * COMPARE AND WRITE, EXTENDED COPY, mode pages and the block VPD pages from here, and
 * {@link io.quiver.sbc.BlockDeviceLifecycle} registers, resizes and replaces its device per configuration.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("0.9.0")
package io.quiver.sbc;
