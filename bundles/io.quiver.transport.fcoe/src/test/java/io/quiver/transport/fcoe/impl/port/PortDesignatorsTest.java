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

    @Test
    void anNaa1hNameIsLeftOutForSpc4DefinesNoSuchDesignator() {
        List<DesignationDescriptor> d = PortDesignators.of(0x1000525400fc0e10L, 0x2000525400fc0e10L);
        assertEquals(List.of("01a300082000525400fc0e10"), d.stream().map(Object::toString).toList(),
                "only the WWNN (NAA 2h); the WWPN 10:00:... (NAA 1h) has no SPC-4 NAA designator");
        assertEquals("01930008" + "3000000000000001",
                PortDesignators.of(0x3000000000000001L, 0x1000000000000001L).getFirst().toString(), "NAA 3h");
    }
}
