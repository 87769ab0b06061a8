package io.quiver.transport.fcoe.impl.port;

import io.quiver.spi.target.DesignationDescriptor;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * The names VPD page 83h gives a Fibre Channel target port and its target device (SPC-4 7.8.6.6, FCP-4): the
 * local N_Port's WWPN as an NAA designator with association target port and the WWNN with association
 * target device, protocol identifier 0h, PIV set, as Linux's FC targets send them. The NAA field is the first
 * nibble of the names as configured (2h IEEE extended or 5h IEEE registered). Stateless.
 */
final class PortDesignators {

    static final int FIBRE_CHANNEL = 0x0;

    private PortDesignators() {
    }

    /** The target port (WWPN) and target device (WWNN) designators, in that order. */
    static List<DesignationDescriptor> of(long portName, long nodeName) {
        return List.of(
                DesignationDescriptor.naa(FIBRE_CHANNEL, DesignationDescriptor.TARGET_PORT, bigEndian(portName)),
                DesignationDescriptor.naa(FIBRE_CHANNEL, DesignationDescriptor.TARGET_DEVICE, bigEndian(nodeName)));
    }

    private static byte[] bigEndian(long wwn) {
        return ByteBuffer.allocate(8).putLong(wwn).array();
    }
}
