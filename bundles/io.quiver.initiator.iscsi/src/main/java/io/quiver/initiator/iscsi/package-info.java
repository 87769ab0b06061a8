/**
 * A Java iSCSI initiator (RFC 7143) on Netty: {@link io.quiver.initiator.iscsi.IscsiSession} logs in to one
 * target (AuthMethod None, CHAP or mutual CHAP; header and data digests; operational negotiation) and carries
 * SCSI commands to its LUNs with immediate data, R2T and Data-Out, Data-In with status, within the target's
 * CmdSN window; it answers NOP-In pings and logs out. Error recovery level 0: a lost connection fails every
 * command in flight with {@link io.quiver.initiator.iscsi.ConnectionLostException}, and the next command logs
 * in again (same ISID, so the target reinstates the session).
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package io.quiver.initiator.iscsi;
