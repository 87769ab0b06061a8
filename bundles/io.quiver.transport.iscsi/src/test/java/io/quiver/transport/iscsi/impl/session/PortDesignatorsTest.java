package io.quiver.transport.iscsi.impl.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.quiver.spi.target.DesignationDescriptor;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The SCSI name string designators an iSCSI session hands the core for VPD page 83h: exact bytes as LIO
 * sends them (protocol identifier 5h, code set UTF-8, PIV, association target port then target device,
 * NUL-terminated and padded to a multiple of 4).
 */
class PortDesignatorsTest {

    private static String hex(DesignationDescriptor d) {
        return HexFormat.of().formatHex(d.bytes());
    }

    private static String hex(String s) {
        return HexFormat.of().formatHex(s.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    }

    @Test
    void targetPortNamesTheTpgtAndTargetDeviceTheIqn() {
        // 26 characters: "iqn.2026-11.io.quiver:test" + ",t,0x0001" = 35, +NUL = 36 (a multiple of 4, no pad).
        List<DesignationDescriptor> d = PortDesignators.of(TestTargets.IQN, 1);
        assertEquals(2, d.size());
        assertEquals("53980024" + hex(TestTargets.IQN + ",t,0x0001") + "00", hex(d.get(0)));
        // "iqn.2026-11.io.quiver:test" is 26 bytes: NUL and one byte of padding make 28.
        assertEquals("53a8001c" + hex(TestTargets.IQN) + "0000", hex(d.get(1)));
        assertEquals(DesignationDescriptor.TARGET_PORT, d.get(0).association());
        assertEquals(DesignationDescriptor.TARGET_DEVICE, d.get(1).association());
    }

    @Test
    void tpgtIsFourLowerCaseHexDigits() {
        String port = new String(PortDesignators.of("iqn.x", 0xBEEF).get(0).bytes(), 4, 14,
                java.nio.charset.StandardCharsets.US_ASCII);
        assertEquals("iqn.x,t,0xbeef", port);
        byte[] b = PortDesignators.of("iqn.x", 0xBEEF).get(0).bytes();
        assertEquals(16, b[3], "14 bytes, NUL, one pad: 16");
        assertEquals(0, b.length % 4);
    }

    @Test
    void everyLengthPadsToAMultipleOfFourWithAtLeastOneNul() {
        for (int n = 1; n <= 12; n++) {
            byte[] b = PortDesignators.of("i".repeat(n), 1).get(1).bytes();
            assertEquals(0, (b[3] & 0xFF) % 4, "name of " + n);
            assertEquals(0, b[4 + n], "NUL after a name of " + n);
            assertEquals(b.length, 4 + (b[3] & 0xFF));
        }
    }

    @Test
    void aNameBeyondSpcsLimitIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> PortDesignators.of("i".repeat(250), 1));
    }
}
