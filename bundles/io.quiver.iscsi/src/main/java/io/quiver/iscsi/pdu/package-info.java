/**
 * iSCSI PDUs (RFC 7143, 11): the basic header segment of every opcode as a ref-counted view over a Netty
 * buffer, with the data segment as a retained slice. Used alike by the target driver and the initiator;
 * a PDU belongs to one thread at a time (the connection's event loop) and is released exactly once.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package io.quiver.iscsi.pdu;
