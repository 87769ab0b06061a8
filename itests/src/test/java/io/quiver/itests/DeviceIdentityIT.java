package io.quiver.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;

import io.quiver.transport.iscsi.impl.session.RawScsiInitiator;
import io.quiver.transport.iscsi.impl.session.RawScsiInitiator.Result;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.Test;

/**
 * Issue 26: two installations never report one identity. The default distribution is unpacked twice from
 * the same tarball (the same build and configuration) and started; over iSCSI, LUN 0 ({@code disk0}) of
 * each reports in VPD 83h an NAA IEEE Registered Extended designator with Quiver's company id
 * (02-51-56) and a T10 vendor ID designator, and in VPD 80h a unit serial number, all three different
 * between the two. The first installation then reports the very same identity after {@code bin/stop} and
 * {@code bin/start}, after a resize of {@code disk0} and after a {@code bundle:update} of the fileio
 * handler. Where libiscsi's {@code iscsi-inq} is installed (CI), it reads the same serial number. Setting
 * SCST's {@code setup_id} on the tree's root (shell) gives the second one SCST's serial number and T10 device id.
 */
public class DeviceIdentityIT {

    private static final int PORT_BASE_A = 28600;
    private static final int PORT_BASE_B = 28610;
    private static final String TARGET = "iqn.2026-11.io.quiver:default";

    /** LUN 0's identity: NAA designator (hex), T10 vendor ID designator, unit serial number. */
    record Identity(String naa, String t10, String serial) {
    }

    @Test
    public void twoInstallationsDifferAndOneKeepsItsIdentity() throws Exception {
        Path tarball = Path.of(System.getProperty("quiver.distribution"));
        String javaHome = System.getProperty("java.home");
        try (UnpackedDistribution a = UnpackedDistribution.unpack(tarball, Path.of("target/identity-a"), javaHome, PORT_BASE_A);
                UnpackedDistribution b = UnpackedDistribution.unpack(tarball, Path.of("target/identity-b"), javaHome, PORT_BASE_B)) {
            a.start();
            b.start();
            Identity first = identity(PORT_BASE_A + 2);
            Identity other = identity(PORT_BASE_B + 2);
            System.out.printf("DeviceIdentityIT: installation A %s, installation B %s%n", first, other);
            Identity scst;
            try (RawScsiInitiator open = Initiators.connect(PORT_BASE_B + 2, TARGET, "open")) {
                Initiators.clearUnitAttentions(open, 0);
                b.client("quiver:set / setup_id 0x1234abcd");
                scst = poll(PORT_BASE_B + 2, id -> id.serial.startsWith("1234abcd"));
                // The core takes the change running: the open session stays and is told (no restart).
                Result told = open.execute(0, new byte[] {0, 0, 0, 0, 0, 0}, null, 0);
                assertEquals("the open session is told: " + told, "6/3f/03", told.senseCode());
            }
            System.out.printf("DeviceIdentityIT: installation B with setup_id 0x1234abcd %s%n", scst);
            assertTrue("SCST's usn: setup_id << 32 | crc32c: " + scst.serial, scst.serial.matches("1234abcd[0-9a-f]{8}"));
            assertEquals("SCST's t10_dev_id", "QUIVER  " + scst.serial + "-disk0", scst.t10);
            // Only a new data_dir restarts the core: it comes back there, serving the same LUN.
            Path moved = b.home().toAbsolutePath().resolve("data/moved");
            b.client("config:edit io.quiver.core", "config:property-set data.dir " + moved, "config:update");
            assertEquals("after a data_dir move (setup_id identities do not depend on it)", scst,
                    poll(PORT_BASE_B + 2, id -> Files.exists(moved.resolve("installation-id"))));
            b.stop();
            assertTrue("NAA 6h with company id 02-51-56: " + first.naa, first.naa.matches("6025156[0-9a-f]{25}"));
            assertTrue("T10 designator: " + first.t10, first.t10.equals("QUIVER  " + first.serial + "-disk0"));
            assertNotEquals("NAA designators of two installations", first.naa, other.naa);
            assertNotEquals("serial numbers of two installations", first.serial, other.serial);
            assertNotEquals("T10 designators of two installations", first.t10, other.t10);
            assertEquals("installation ids", Files.readString(a.home().resolve("data/quiver/installation-id")).trim().length(), 32);
            crossCheckWithLibiscsi(PORT_BASE_A + 2, first);

            a.stop();
            a.start();
            assertEquals("after bin/stop and bin/start", first, identity(PORT_BASE_A + 2));

            a.client("quiver:set /handlers/vdisk_fileio/disk0 size 2147483648");
            assertEquals("after a resize", first, identity(PORT_BASE_A + 2));

            a.client("bundle:update io.quiver.handler.fileio");
            assertEquals("after bundle:update of the handler", first, identity(PORT_BASE_A + 2));
            a.stop();
        }
    }

    /** Reads LUN 0's identity until {@code done} holds (up to 60 s): a configuration change applies asynchronously. */
    private static Identity poll(int iscsiPort, java.util.function.Predicate<Identity> done) throws Exception {
        Identity last = identity(iscsiPort);
        for (long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60); !done.test(last); Thread.sleep(500)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("LUN 0 still reports " + last);
            }
            last = identity(iscsiPort);
        }
        return last;
    }

    /** Reads LUN 0's identity over a new session, once the LUN answers (after a start or a handler update). */
    private static Identity identity(int iscsiPort) throws Exception {
        UnpackedDistribution.awaitListening(iscsiPort);
        for (long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);; Thread.sleep(250)) {
            try (RawScsiInitiator i = new RawScsiInitiator(iscsiPort, TARGET)) {
                Result p83 = i.execute(0, vpd(0x83), null, 255);
                Result p80 = i.execute(0, vpd(0x80), null, 255);
                if (p83.status == 0 && p80.status == 0) {
                    return new Identity(HexFormat.of().formatHex(designator(p83.data, 3)),
                            new String(designator(p83.data, 1), StandardCharsets.US_ASCII),
                            new String(p80.data, 4, p80.data[3] & 0xFF, StandardCharsets.US_ASCII));
                }
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("INQUIRY VPD on LUN 0: " + p83 + " / " + p80);
                }
            } catch (java.io.IOException notYet) {
                if (System.nanoTime() > deadline) {
                    throw notYet;
                }
            }
        }
    }

    private static byte[] vpd(int page) {
        return new byte[] {0x12, 1, (byte) page, 0, (byte) 255, 0};
    }

    /** The DESIGNATOR of the first logical-unit designator of {@code type} in VPD 83h. */
    private static byte[] designator(byte[] page, int type) {
        for (int o = 4; o + 4 <= page.length; o += 4 + (page[o + 3] & 0xFF)) {
            if ((page[o + 1] & 0x30) == 0 && (page[o + 1] & 0x0F) == type) {
                return Arrays.copyOfRange(page, o + 4, o + 4 + (page[o + 3] & 0xFF));
            }
        }
        throw new AssertionError("no designator of type " + type + " in " + HexFormat.of().formatHex(page));
    }

    /** libiscsi's iscsi-inq, an independent initiator, reads the same serial number in VPD 80h and 83h. */
    private static void crossCheckWithLibiscsi(int iscsiPort, Identity expected) throws Exception {
        if (!Files.isExecutable(Path.of("/usr/bin/iscsi-inq"))) {
            System.out.println("DeviceIdentityIT: iscsi-inq is not installed; libiscsi cross-check skipped");
            return;
        }
        String url = "iscsi://127.0.0.1:" + iscsiPort + "/" + TARGET + "/0";
        // Decimal page codes: iscsi-inq reads -c with atoi, so "0x80" would be page 0.
        for (String page : List.of("128", "131")) {
            Process p = new ProcessBuilder("iscsi-inq", "-e", "1", "-c", page, url).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue("iscsi-inq -c " + page + " ends", p.waitFor(60, TimeUnit.SECONDS));
            assertEquals("iscsi-inq -c " + page + ": " + out, 0, p.exitValue());
            assertTrue("iscsi-inq -c " + page + " shows " + expected.serial + ": " + out, out.contains(expected.serial));
        }
    }
}
