package io.quiver.core.impl.lu;

import io.quiver.spi.target.InitiatorPort;

/**
 * An I_T nexus as logical-unit services see it. Implemented by the pipeline's session; immutable
 * identity, safe on any thread.
 */
public interface Nexus {

    /** A core-unique number for the nexus' lifetime (for maps and logs). */
    long id();

    /** The initiator port: name, port name (with ISID for iSCSI) and TransportID. */
    InitiatorPort initiator();

    /** The target's registered name. */
    String targetName();

    /** The SPC-4 relative target port identifier of the target port. */
    int relativeTargetPortId();

    /** The SPC-4 PROTOCOL IDENTIFIER of the transport (5 for iSCSI). */
    int protocolIdentifier();
}
