package io.quiver.core.impl.map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class LunAddressTest {

    @Test
    void peripheralAddressing() {
        assertEquals(0, LunAddress.decode(0));
        assertEquals(5, LunAddress.decode(0x0005_0000_0000_0000L));
        assertEquals(LunAddress.INVALID, LunAddress.decode(0x0105_0000_0000_0000L), "bus 1");
        assertEquals(0x0005_0000_0000_0000L, LunAddress.encode(5));
    }

    @Test
    void flatSpaceAddressing() {
        assertEquals(300, LunAddress.decode(0x412C_0000_0000_0000L));
        assertEquals(5, LunAddress.decode(0x4005_0000_0000_0000L));
        assertEquals(16383, LunAddress.decode(0x7FFF_0000_0000_0000L));
        assertEquals(0x412C_0000_0000_0000L, LunAddress.encode(300));
    }

    @Test
    void otherMethodsAndLevelsAreInvalid() {
        assertEquals(LunAddress.INVALID, LunAddress.decode(0x8001_0000_0000_0000L));
        assertEquals(LunAddress.INVALID, LunAddress.decode(0x0001_0002_0000_0000L));
        assertEquals(LunAddress.WELL_KNOWN_REPORT_LUNS, LunAddress.decode(LunAddress.REPORT_LUNS_WLUN));
        assertEquals(LunAddress.INVALID, LunAddress.decode(0xC102_0000_0000_0000L));
        assertThrows(IllegalArgumentException.class, () -> LunAddress.encode(16384));
    }

    @Test
    void lunDefinitionsStayInRange() {
        assertThrows(IllegalArgumentException.class, () -> new LunDefinition("p", "t", 16384, "d", false, ""));
        assertEquals("", new LunDefinition("p", "t", 1, "d", false, null).group());
    }
}
