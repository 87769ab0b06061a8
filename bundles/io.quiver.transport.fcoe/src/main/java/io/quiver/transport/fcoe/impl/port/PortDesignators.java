package io.quiver.transport.fcoe.impl.port;

import io.quiver.spi.target.DesignationDescriptor;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * The names VPD page 83h gives a Fibre Channel target port and its target device (SPC-4 7.8.6.6, FCP-4): the
 * local N_Port's WWPN as an NAA designator with association target port and the WWNN with association
 * target device, protocol identifier 0h, PIV set, as Linux's FC targets send them. The NAA field is the first
 * nibble of the names as configured (2h IEEE extended, 3h locally assigned, 5h IEEE registered). A name in
 * another format, such as NAA 1h ({@code 10:00:<MAC>}, IEEE 803), is left out: SPC-4 defines no 8-byte NAA
 * designator of that kind and sg3_utils reports it as unexpected. Stateless.
 */
final class PortDesignators {

    static final int FIBRE_CHANNEL = 0x0;

    private PortDesignators() {
    }

    /** The target port (WWPN) and target device (WWNN) designators, in that order. */
    static List<DesignationDescriptor> of(long portName, long nodeName) {
        List<DesignationDescriptor> names = new ArrayList<>(2);
        if (spcNaa(portName)) {
            names.add(DesignationDescriptor.naa(FIBRE_CHANNEL, DesignationDescriptor.TARGET_PORT, bigEndian(portName)));
        }
        if (spcNaa(nodeName)) {
            names.add(DesignationDescriptor.naa(FIBRE_CHANNEL, DesignationDescriptor.TARGET_DEVICE, bigEndian(nodeName)));
        }
        return List.copyOf(names);
    }

    /** Whether the name's NAA field is one SPC-4 7.8.6.6 defines for an 8-byte NAA designator (2h, 3h, 5h). */
    static boolean spcNaa(long wwn) {
        int naa = (int) (wwn >>> 60);
        return naa == 2 || naa == 3 || naa == 5;
    }

    private static byte[] bigEndian(long wwn) {
        return ByteBuffer.allocate(8).putLong(wwn).array();
    }
}
