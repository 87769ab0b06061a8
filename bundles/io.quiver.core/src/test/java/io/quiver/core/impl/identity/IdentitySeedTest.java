package io.quiver.core.impl.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The installation id is generated once and kept; setup_id parses like SCST's; the CRC is the kernel's. */
class IdentitySeedTest {

    @TempDir
    Path dir;

    @Test
    void theInstallationIdIsGeneratedOnceAndKept() {
        String first = IdentitySeed.load(dir, null).installationId();
        assertTrue(first.matches("[0-9a-f]{32}"), first);
        assertEquals(first, IdentitySeed.load(dir, "").installationId());
        assertEquals(first, IdentitySeed.load(dir, "0x10").installationId(), "setup_id leaves it alone");
    }

    @Test
    void aDamagedInstallationIdIsRefusedNotReplaced() throws Exception {
        Files.writeString(dir.resolve(IdentitySeed.FILE), "not an id");
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> IdentitySeed.load(dir, null));
        assertTrue(e.getMessage().contains(IdentitySeed.FILE), e.getMessage());
        assertEquals("not an id", Files.readString(dir.resolve(IdentitySeed.FILE)));
    }

    @Test
    void setupIdIsA32BitNumberAndZeroMeansNone() {
        assertEquals(0x1234abcdL, IdentitySeed.parseSetupId("0x1234ABCD"));
        assertEquals(42L, IdentitySeed.parseSetupId(" 42 "));
        assertEquals(0xFFFFFFFFL, IdentitySeed.parseSetupId("0xffffffff"));
        assertNull(IdentitySeed.parseSetupId("0"));
        assertNull(IdentitySeed.parseSetupId(""));
        for (String bad : new String[] {"0x100000000", "-1", "abc", "0x"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> IdentitySeed.parseSetupId(bad));
            assertTrue(e.getMessage().startsWith("setup_id"), e.getMessage());
        }
    }

    @Test
    void theCrcIsCastagnoliWithoutInversionsLikeTheKernelsCrc32c() {
        byte[] data = "disk0\0".getBytes(StandardCharsets.US_ASCII);
        CRC32C standard = new CRC32C();
        standard.update(data);
        // The standard CRC-32C is the raw register started from all ones and inverted at the end.
        assertEquals(standard.getValue(), ~Crc32c.update(-1, data) & 0xFFFFFFFFL);
        assertEquals(Crc32c.update(0, data), Crc32c.of("disk0"));
    }

    @Test
    void derivationsDependOnTheSeedAndTheName() {
        IdentitySeed a = IdentitySeed.of("00000000000000000000000000000001", null);
        IdentitySeed b = IdentitySeed.of("00000000000000000000000000000002", null);
        assertEquals(new IdentityDerivation(a, "disk0").unitSerialNumber(), new IdentityDerivation(a, "disk0").unitSerialNumber());
        assertTrue(!new IdentityDerivation(a, "disk0").unitSerialNumber().equals(new IdentityDerivation(b, "disk0").unitSerialNumber()));
        assertTrue(!new IdentityDerivation(a, "disk0").unitSerialNumber().equals(new IdentityDerivation(a, "disk1").unitSerialNumber()));
        String longName = "x".repeat(240);
        assertEquals(247, new IdentityDerivation(a, longName).t10DeviceId().length(), "cut to fit the designator");
    }
}
