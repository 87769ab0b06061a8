package io.quiver.transport.fcoe.impl.port;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quiver.spi.target.DesignationDescriptor;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The WWPN and WWNN designators fcst hands the core for VPD page 83h: exact bytes. */
class PortDesignatorsTest {

    @Test
    void wwpnIsTheTargetPortAndWwnnTheTargetDeviceAsNaa() {
        List<DesignationDescriptor> d = PortDesignators.of(0x500143802426baf4L, 0x200000e08b012345L);
        // 01h: protocol FC, code set binary; 93h: PIV, target port, NAA; A3h: PIV, target device, NAA; 8 bytes
        assertEquals("01930008500143802426baf4", HexFormat.of().formatHex(d.get(0).bytes()));
        assertEquals("01a30008200000e08b012345", HexFormat.of().formatHex(d.get(1).bytes()));
        assertEquals(DesignationDescriptor.TARGET_PORT, d.get(0).association());
        assertEquals(DesignationDescriptor.TARGET_DEVICE, d.get(1).association());
    }
}
