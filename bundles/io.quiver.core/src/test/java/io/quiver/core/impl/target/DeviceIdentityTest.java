package io.quiver.core.impl.target;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quiver.core.impl.identity.IdentitySeed;
import io.quiver.scsi.PeripheralDeviceType;
import io.quiver.spi.device.DeviceDescriptor;
import io.quiver.spi.target.DesignationDescriptor;
import io.quiver.transport.local.LocalRequest;
import io.quiver.transport.local.LocalSession;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * VPD 80h and 83h as an initiator reads them through the core: every device gets a derived NAA IEEE
 * Registered Extended designator, T10 vendor ID designator and unit serial number that differ between
 * devices and installations and stay the same across restarts of one installation; configured values win.
 */
class DeviceIdentityTest {

    @TempDir
    Path dir;

    @TempDir
    Path otherInstallation;

    static byte[] vpd(LocalSession s, int lun, int page) {
        return s.execute(LocalRequest.of(lun, 0x12, 1, page, 0, 255, 0).dataIn(255)).data();
    }

    /** The DESIGNATOR of the first logical-unit designator of {@code type} in VPD 83h, or null. */
    static byte[] designator(byte[] page, int type) {
        for (int o = 4; o + 4 <= page.length; o += 4 + (page[o + 3] & 0xFF)) {
            if ((page[o + 1] & 0x30) == 0 && (page[o + 1] & 0x0F) == type) {
                return java.util.Arrays.copyOfRange(page, o + 4, o + 4 + (page[o + 3] & 0xFF));
            }
        }
        return null;
    }

    static String serial(byte[] page) {
        return new String(page, 4, page[3] & 0xFF, StandardCharsets.US_ASCII);
    }

    static MemoryDevice plain(String name) {
        return new MemoryDevice(DeviceDescriptor.builder(name, "test", PeripheralDeviceType.DIRECT_ACCESS_BLOCK).build(), 8);
    }

    /** NAA hex, serial and T10 designator of LUN 0 of a fresh core over {@code data} exporting {@code disk0}. */
    static List<String> identityOfDisk0(Path data) {
        try (Harness h = new Harness(data)) {
            h.device(plain("disk0"));
            h.lun(0, "disk0");
            LocalSession s = h.login("iqn.a");
            byte[] p83 = vpd(s, 0, 0x83);
            return List.of(HexFormat.of().formatHex(designator(p83, 3)), serial(vpd(s, 0, 0x80)),
                    new String(designator(p83, 1), StandardCharsets.US_ASCII));
        }
    }

    @Test
    void derivedNaaIsIeeeRegisteredExtendedWithQuiversCompanyId() {
        try (Harness h = new Harness(dir)) {
            h.device(plain("disk0"));
            h.lun(0, "disk0");
            byte[] naa = designator(vpd(h.login("iqn.a"), 0, 0x83), 3);
            assertEquals(16, naa.length);
            assertEquals("6025156", HexFormat.of().formatHex(naa).substring(0, 7), "NAA 6h, company id 02-51-56");
        }
    }

    @Test
    void twoInstallationsDifferAndARestartKeepsTheIdentity() throws Exception {
        List<String> first = identityOfDisk0(dir);
        List<String> restarted = identityOfDisk0(dir);
        List<String> other = identityOfDisk0(otherInstallation);
        assertEquals(first, restarted, "the same installation after a restart");
        for (int i = 0; i < 3; i++) {
            assertNotEquals(first.get(i), other.get(i), "another installation, item " + i);
        }
        assertTrue(first.get(2).startsWith("QUIVER  " + first.get(1) + "-disk0"), first.get(2));
        assertEquals(20, first.get(1).length());
        String id = Files.readString(dir.resolve(IdentitySeed.FILE)).trim();
        assertTrue(id.matches("[0-9a-f]{32}"), id);
    }

    @Test
    void sixtyFourLunsOfOneTargetAllDiffer() {
        try (Harness h = new Harness(dir)) {
            for (int i = 0; i < 64; i++) {
                h.device(plain("disk" + i));
                h.lun(i, "disk" + i);
            }
            LocalSession s = h.login("iqn.a");
            Set<String> naas = new HashSet<>();
            Set<String> serials = new HashSet<>();
            Set<String> t10s = new HashSet<>();
            for (int i = 0; i < 64; i++) {
                byte[] p83 = vpd(s, i, 0x83);
                naas.add(HexFormat.of().formatHex(designator(p83, 3)));
                t10s.add(new String(designator(p83, 1), StandardCharsets.US_ASCII));
                serials.add(serial(vpd(s, i, 0x80)));
            }
            assertEquals(64, naas.size());
            assertEquals(64, serials.size());
            assertEquals(64, t10s.size());
        }
    }

    @Test
    void aSetupIdGivesScstsSerialNumbersAndOneIdentityOnEveryNode() {
        List<String> node1;
        List<String> node2;
        try (Harness h = new Harness(dir, 64, "0x1234abcd")) {
            h.device(plain("disk0"));
            h.lun(0, "disk0");
            LocalSession s = h.login("iqn.a");
            node1 = List.of(HexFormat.of().formatHex(designator(vpd(s, 0, 0x83), 3)), serial(vpd(s, 0, 0x80)));
        }
        try (Harness h = new Harness(otherInstallation, 64, "305441741")) { // the same number in decimal
            h.device(plain("disk0"));
            h.lun(0, "disk0");
            LocalSession s = h.login("iqn.a");
            node2 = List.of(HexFormat.of().formatHex(designator(vpd(s, 0, 0x83), 3)), serial(vpd(s, 0, 0x80)));
            assertEquals("QUIVER  " + node2.get(1) + "-disk0",
                    new String(designator(vpd(s, 0, 0x83), 1), StandardCharsets.US_ASCII), "SCST's %llx-%s");
        }
        assertEquals(node1, node2);
        assertTrue(node1.get(1).startsWith("1234abcd"), "SCST: setup_id in the high 32 bits: " + node1.get(1));
        assertEquals(16, node1.get(1).length());
    }

    @Test
    void configuredValuesOverrideTheDerivedOnes() {
        try (Harness h = new Harness(dir)) {
            byte[] naa = HexFormat.of().parseHex("6001405aaaaaaaaaaaaaaaaaaaaaaaaa");
            h.device(new MemoryDevice(DeviceDescriptor.builder("d9", "test", PeripheralDeviceType.DIRECT_ACCESS_BLOCK)
                    .vendorId("SCST_FIO").unitSerialNumber("1a2b3c4d").t10DeviceId("d9-id").naaId(naa)
                    .eui64Id(HexFormat.of().parseHex("0011223344556677")).build(), 8));
            h.device(new MemoryDevice(DeviceDescriptor.builder("t10only", "test", PeripheralDeviceType.DIRECT_ACCESS_BLOCK)
                    .t10DeviceId("kept").noNaaId(true).build(), 8));
            h.lun(0, "d9");
            h.lun(1, "t10only");
            LocalSession s = h.login("iqn.a");
            byte[] p83 = vpd(s, 0, 0x83);
            assertArrayEquals(naa, designator(p83, 3));
            assertEquals("0011223344556677", HexFormat.of().formatHex(designator(p83, 2)));
            assertEquals("SCST_FIOd9-id", new String(designator(p83, 1), StandardCharsets.US_ASCII));
            assertEquals("1a2b3c4d", serial(vpd(s, 0, 0x80)));
            byte[] t10only = vpd(s, 1, 0x83);
            assertNull(designator(t10only, 3), "naa_id none");
            assertEquals("QUIVER  kept", new String(designator(t10only, 1), StandardCharsets.US_ASCII));
        }
    }

    @Test
    void aPassThroughDevicesOwnDesignatorsAreReportedWithTheCoresPortDesignators() {
        byte[] own = HexFormat.of().parseHex("01030010" + "600a0b80002a0b1c0000abcd4f5e6a7b");
        try (Harness h = new Harness(dir)) {
            h.device(new MemoryDevice(DeviceDescriptor.builder("sg0", "passthrough", PeripheralDeviceType.DIRECT_ACCESS_BLOCK)
                    .logicalUnitDesignators(List.of(own)).unitSerialNumber("REAL-SN").build(), 8));
            h.lun(0, "sg0");
            LocalSession s = h.login("iqn.a");
            byte[] p83 = vpd(s, 0, 0x83);
            assertArrayEquals(java.util.Arrays.copyOfRange(own, 4, 20), designator(p83, 3));
            assertNull(designator(p83, 1), "no derived T10 designator beside the real device's");
            assertEquals(0x94, p83[4 + own.length + 1] & 0xFF, "then the relative target port (PIV, target port, 4h)");
            assertEquals("REAL-SN", serial(vpd(s, 0, 0x80)));
        }
    }

    @Test
    void theTransportsTargetPortAndTargetDeviceDesignatorsFollowTheCoresOnes() {
        String own = "01030010" + "600a0b80002a0b1c0000abcd4f5e6a7b";
        // Given device first: the core puts target port ones before target device ones.
        List<DesignationDescriptor> names = List.of(
                DesignationDescriptor.scsiNameString(5, DesignationDescriptor.TARGET_DEVICE, "iqn.x"),
                DesignationDescriptor.scsiNameString(5, DesignationDescriptor.TARGET_PORT, "iqn.x,t,0x0001"));
        try (Harness h = new Harness(dir)) {
            h.device(new MemoryDevice(DeviceDescriptor.builder("sg0", "passthrough", PeripheralDeviceType.DIRECT_ACCESS_BLOCK)
                    .logicalUnitDesignators(List.of(HexFormat.of().parseHex(own))).build(), 8));
            h.lun(0, "sg0");
            assertEquals(1, h.target.target().relativeTargetPortId());
            // LU designator, relative target port 1 (protocol Fh: loopback), nothing else
            assertEquals("0083001c" + own + "f1940004" + "00000001", HexFormat.of().formatHex(vpd(h.login("iqn.a"), 0, 0x83)));
            byte[] named = vpd(h.login("iqn.b", names), 0, 0x83);
            assertEquals("0083003c" + own + "f1940004" + "00000001"
                    + "53980010" + HexFormat.of().formatHex("iqn.x,t,0x0001".getBytes(StandardCharsets.US_ASCII)) + "0000"
                    + "53a80008" + HexFormat.of().formatHex("iqn.x".getBytes(StandardCharsets.US_ASCII)) + "000000",
                    HexFormat.of().formatHex(named));
            byte[] short16 = s16(h.login("iqn.c", names));
            assertEquals(16, short16.length, "an allocation length shorter than the page truncates it");
        }
    }

    @Test
    void aTransportMayNotNameTheLogicalUnitNorSendABrokenDescriptor() {
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> DesignationDescriptor.of(HexFormat.of().parseHex("01830008" + "500143802426baf4")), "association LU");
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> DesignationDescriptor.of(HexFormat.of().parseHex("01930009" + "500143802426baf4")), "length");
        assertEquals("01930008500143802426baf4",
                DesignationDescriptor.of(HexFormat.of().parseHex("01930008500143802426baf4")).toString());
    }

    private static byte[] s16(LocalSession s) {
        return s.execute(LocalRequest.of(0, 0x12, 1, 0x83, 0, 16, 0).dataIn(16)).data();
    }

    @Test
    void copyTargetsAreFoundByTheReportedDesignators() {
        try (Harness h = new Harness(dir)) {
            h.device(plain("a"));
            h.lun(0, "a");
            byte[] naa = designator(vpd(h.login("iqn.a"), 0, 0x83), 3);
            LogicalUnit u = h.core.unit("a");
            assertTrue(u.identity().matches(naa));
            assertTrue(!u.identity().matches(java.util.Arrays.copyOf(naa, 8)));
            assertEquals(u.device(), new UnitDeviceContext(u).findDevice(naa).orElseThrow());
        }
    }
}
