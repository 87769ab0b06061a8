/**
 * The iSCSI framing on Netty (RFC 7143, 11 and 12.1): a decoder from bytes to PDUs (AHS, padding, header and
 * data digests checked, malformed input reported as a message) and an encoder that writes a PDU as a
 * gathering write without copying its data segment. CRC32C as iSCSI uses it. One codec pair per channel.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package io.quiver.iscsi.codec;
