package io.quiver.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import io.quiver.transport.iscsi.impl.session.RawScsiInitiator;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.Assume;
import org.junit.Test;

/**
 * libiscsi's {@code iscsi-test-cu -d} against dev_disk pass-through LUNs (issue 20) and, suite by suite, against
 * their backends directly, in the default distribution started as a user starts it with feature
 * {@code quiver-passthrough} added to its boot features, configured by one scst.conf through the REST config
 * tool (whose write-back must name the dev_disk devices again and re-apply as a no-op): target {@value #PT_TARGET} has LUN 0, a dev_disk whose
 * backend is the same Quiver's fileio LUN 0 of target {@value #TARGET} ({@code iscsi://127.0.0.1/...}), and LUN 1,
 * a dev_disk whose backend is LUN 1 of a tgtd started beside it (port {@value #TGT_PORT}).
 *
 * <p>Every test that passes on a backend directly must pass through its pass-through LUN; what fails on the
 * backend directly is the backend's own (printed, and written with the table to
 * {@code target/passthrough-conformance/table.md}; docs/conformance.md keeps it).
 */
public class PassThroughConformanceIT {

    private static final int PORT_BASE = 30860;
    private static final int TGT_PORT = 30870;
    private static final String TARGET = "iqn.2026-11.io.quiver:default";
    private static final String PT_TARGET = "iqn.2026-12.io.quiver:passthrough";
    private static final String TGT_IQN = "iqn.2026-12.org.example.tgt:ptbackend";
    /** A vcdrom on its own target, passed through by dev_cdrom as LUN {@value #CD_LUN} of the pass-through target. */
    private static final String CD_BACKEND = "iqn.2026-12.io.quiver:cd-backend";
    private static final int CD_LUN = 2;
    private static final int CD_BLOCKS = 512;
    /**
     * Suites left out, to keep the run near three minutes: Sanitize (an overwrite of the whole LU per test and
     * waits for it; ConformanceIT runs it on fileio) and MultipathIO (needs two URLs to one LU; through a
     * pass-through both sessions meet on the one backend session, which ConformanceIT's two-session run covers
     * on the core's side).
     */
    static final Set<String> LEFT_OUT = Set.of("Sanitize", "MultipathIO");

    @Test
    public void everyTestPassingOnTheBackendPassesThroughDevDisk() throws Exception {
        Assume.assumeTrue("libiscsi-bin is not installed (.ci/run installs it)", Files.isExecutable(Path.of("/usr/bin/iscsi-test-cu")));
        Path out = Path.of("target/passthrough-conformance").toAbsolutePath();
        ConformanceRun run = new ConformanceRun(out.resolve("logs"));
        TgtPeer tgt = TgtPeer.startDiskIfInstalled(out.resolve("tgt"), TGT_PORT, TGT_IQN, 1L << 30);
        if (tgt == null && System.getenv("QUIVER_CI") != null) {
            throw new AssertionError("tgtd is not installed (.ci/run installs tgt)");
        }
        String direct = "iscsi://127.0.0.1:" + (PORT_BASE + 2) + "/" + TARGET + "/0";
        String through = "iscsi://127.0.0.1:" + (PORT_BASE + 2) + "/" + PT_TARGET + "/";
        Map<String, String> urls = new LinkedHashMap<>();
        urls.put("quiver-direct:", direct);
        urls.put("quiver-through:", through + "0");
        if (tgt != null) {
            urls.put("tgt-direct:", "iscsi://127.0.0.1:" + TGT_PORT + "/" + TGT_IQN + "/1");
            urls.put("tgt-through:", through + "1");
        }
        List<String> suites = ConformanceRun.suites().stream().filter(s -> !LEFT_OUT.contains(s)).toList();
        long start = System.nanoTime();
        Path tarball = Path.of(System.getProperty("quiver.distribution"));
        try (UnpackedDistribution q = UnpackedDistribution.unpack(tarball, out.resolve("quiver"), System.getProperty("java.home"), PORT_BASE)) {
            q.addBootFeature("quiver-passthrough");
            q.start();
            UnpackedDistribution.awaitListening(PORT_BASE + 2);
            UnpackedDistribution.awaitListening(PORT_BASE);
            Path[] images = cdImages(out.resolve("cd"));
            configure(q, direct, tgt == null ? null : urls.get("tgt-direct:"), images[0]);
            for (String url : urls.values()) {
                awaitAnswer(url);
            }
            for (String suite : suites) {
                for (Map.Entry<String, String> u : urls.entrySet()) {
                    run.runSuite(u.getKey(), suite, List.of(u.getValue()), 600);
                }
            }
            aResizeOfTheBackendReachesEveryInitiatorOfThePassThroughLun(q);
            aModeSelectThroughThePassThroughLunTellsTheOthersAndItsControlPageApplies();
            aCdromPassesThroughDevCdromAndAMediumChangeReachesEveryInitiator(q, images);
            q.stop();
        } finally {
            if (tgt != null) {
                tgt.close();
            }
        }
        long seconds = (System.nanoTime() - start) / 1_000_000_000L;
        String total = run.writeSummary(out.resolve("summary.txt"));
        PassThroughTable table = new PassThroughTable(run.outcomes(), suites);
        Files.writeString(out.resolve("table.md"), table.markdown(tgt != null) + "\n" + seconds + " s\n");
        System.out.println("pass-through iscsi-test-cu (" + seconds + " s): " + total + "\n" + table.markdown(tgt != null));
        List<String> lost = new ArrayList<>(table.lostThroughPassThrough("quiver"));
        if (tgt != null) {
            lost.addAll(table.lostThroughPassThrough("tgt"));
        }
        System.out.println("backends' own failures: " + table.directFailures());
        assertTrue("too few tests ran: " + total, run.outcomes().size() >= 150 * urls.size());
        assertEquals("tests that pass on the backend but not through dev_disk (target/passthrough-conformance/)",
                List.of(), lost);
    }

    /**
     * The backend's disk0 grows (an administrator resizes the real device): its one nexus to the backend, dev_disk's,
     * gets CAPACITY DATA HAS CHANGED, and it reaches the initiator whose command meets it; the other initiator of the
     * pass-through LUN must hear of it too, once (SCST's dev handlers fan a device's unit attentions out), and
     * then both read the new capacity.
     */
    private static void aResizeOfTheBackendReachesEveryInitiatorOfThePassThroughLun(UnpackedDistribution q) throws Exception {
        try (RawScsiInitiator x = readySession("iqn.2026-12.io.quiver.test:ua-x");
                RawScsiInitiator y = readySession("iqn.2026-12.io.quiver.test:ua-y")) {
            RawScsiInitiator.Result before = x.execute(0, Cdb.readCapacity10(), null, 8);
            assertEquals(before.toString(), 0, before.status);
            ByteBuffer cap = ByteBuffer.wrap(before.data);
            long blocks = (cap.getInt(0) & 0xFFFFFFFFL) + 1;
            long blockSize = cap.getInt(4);
            q.client("quiver:set /handlers/vdisk_fileio/disk0 size " + (blocks + 2048) * blockSize);
            RawScsiInitiator.Result first = null;
            for (int i = 0; i < 200; i++) {
                first = x.execute(0, Cdb.readCapacity10(), null, 8);
                if (first.status != 0 || !Arrays.equals(first.data, before.data)) {
                    break;
                }
                Thread.sleep(50);
            }
            assertEquals("x meets the backend's unit attention: " + first, "6/2a/09", first.senseCode());
            RawScsiInitiator.Result other = y.execute(0, Cdb.readCapacity10(), null, 8);
            assertEquals("y is told as well: " + other, "6/2a/09", other.senseCode());
            for (RawScsiInitiator i : new RawScsiInitiator[] {x, y}) {
                RawScsiInitiator.Result after = i.execute(0, Cdb.readCapacity10(), null, 8);
                assertEquals("once: " + after, 0, after.status);
                assertEquals(blocks + 2047, ByteBuffer.wrap(after.data).getInt(0) & 0xFFFFFFFFL);
            }
        }
    }

    /**
     * x sets D_SENSE in the real device's Control page through the pass-through LUN: y is told MODE PARAMETERS
     * CHANGED (the real device told no one: it saw its one nexus change it), and the core's own sense data for
     * the LUN turns to descriptor format, since the core read the device's Control page again; and back.
     */
    private static void aModeSelectThroughThePassThroughLunTellsTheOthersAndItsControlPageApplies() throws Exception {
        try (RawScsiInitiator x = readySession("iqn.2026-12.io.quiver.test:ms-x");
                RawScsiInitiator y = readySession("iqn.2026-12.io.quiver.test:ms-y")) {
            for (boolean descriptorSense : new boolean[] {true, false}) {
                RawScsiInitiator.Result sense = x.execute(0, new byte[] {0x5A, 0x08, 0x0A, 0, 0, 0, 0, 0, (byte) 252, 0}, null, 252);
                assertEquals(sense.toString(), 0, sense.status);
                int page = 8 + ((sense.data[6] & 0xFF) << 8 | (sense.data[7] & 0xFF));
                int pageLength = 2 + (sense.data[page + 1] & 0xFF);
                byte[] list = new byte[8 + pageLength];
                System.arraycopy(sense.data, page, list, 8, pageLength);
                list[8] &= 0x3F; // PS is reserved in MODE SELECT
                list[8 + 2] = (byte) (descriptorSense ? list[8 + 2] | 0x04 : list[8 + 2] & ~0x04);
                byte[] select = {0x55, 0x10, 0, 0, 0, 0, 0, 0, (byte) list.length, 0};
                RawScsiInitiator.Result selected = x.execute(0, select, list, 0);
                assertEquals(selected.toString(), 0, selected.status);
                int format = descriptorSense ? 0x72 : 0x70;
                RawScsiInitiator.Result own = null;
                for (int i = 0; i < 100; i++) {
                    own = x.execute(0, new byte[] {0x12, 0x02, 0, 0, 36, 0}, null, 36); // CMDDT: the core refuses it
                    if (own.sense.length > 0 && (own.sense[0] & 0x7F) == format) {
                        break;
                    }
                    Thread.sleep(50);
                }
                assertEquals("the core's sense follows the device's D_SENSE " + descriptorSense + ": " + own, format,
                        own.sense[0] & 0x7F);
                RawScsiInitiator.Result told = y.execute(0, Cdb.testUnitReady(), null, 0);
                assertEquals("y is told: " + told, "6/2a/01", told.senseCode());
                assertEquals(format, told.sense[0] & 0x7F);
                assertEquals(0, y.execute(0, Cdb.testUnitReady(), null, 0).status);
                assertEquals("not x, which changed them", 0, x.execute(0, Cdb.testUnitReady(), null, 0).status);
            }
        }
    }

    /** A ready session on LUN 0: see {@link #readySession(String, int)}. */
    private static RawScsiInitiator readySession(String initiator) throws Exception {
        return readySession(initiator, 0);
    }

    /**
     * A session to the pass-through target whose login unit attentions are taken: TEST UNIT READY on {@code lun}
     * until GOOD, 60 s at most (a pass-through LUN appears once its device's backend answered).
     */
    private static RawScsiInitiator readySession(String initiator, int lun) throws Exception {
        RawScsiInitiator i = new RawScsiInitiator(PORT_BASE + 2, PT_TARGET, initiator);
        RawScsiInitiator.Result r = null;
        for (long deadline = System.nanoTime() + 60_000_000_000L; System.nanoTime() < deadline; Thread.sleep(100)) {
            r = i.execute(lun, Cdb.testUnitReady(), null, 0);
            if (r.status == 0) {
                return i;
            }
        }
        i.close();
        throw new AssertionError("TEST UNIT READY through pass-through LUN " + lun + " never returned GOOD: " + r);
    }

    /**
     * dev_cdrom passing through a vcdrom (an image of random bytes): INQUIRY says CD/DVD and removable, READ
     * CAPACITY and READ (10) give the image's blocks; a new image in the backend's drive (a medium change) reaches
     * the initiator whose command meets it and the other one as NOT READY TO READY CHANGE, once; then both read the
     * new image.
     */
    private static void aCdromPassesThroughDevCdromAndAMediumChangeReachesEveryInitiator(UnpackedDistribution q,
            Path[] images) throws Exception {
        try (RawScsiInitiator x = readySession("iqn.2026-12.io.quiver.test:cd-x", CD_LUN);
                RawScsiInitiator y = readySession("iqn.2026-12.io.quiver.test:cd-y", CD_LUN)) {
            RawScsiInitiator.Result inquiry = x.execute(CD_LUN, Cdb.inquiry(36), null, 36);
            assertEquals(inquiry.toString(), 0x05, inquiry.data[0] & 0x1F);
            assertEquals("removable", 0x80, inquiry.data[1] & 0x80);
            RawScsiInitiator.Result cap = x.execute(CD_LUN, Cdb.readCapacity10(), null, 8);
            assertEquals(CD_BLOCKS - 1, ByteBuffer.wrap(cap.data).getInt(0));
            assertEquals(2048, ByteBuffer.wrap(cap.data).getInt(4));
            assertTrue(Arrays.equals(block(images[0], 3), x.execute(CD_LUN, Cdb.read10(3, 1), null, 2048).data));
            q.client("quiver:set /handlers/vcdrom/cd0 filename " + images[1]);
            RawScsiInitiator.Result first = null;
            for (int i = 0; i < 200; i++) {
                first = x.execute(CD_LUN, Cdb.read10(3, 1), null, 2048);
                if (first.status != 0 || !Arrays.equals(first.data, block(images[0], 3))) {
                    break;
                }
                Thread.sleep(50);
            }
            assertEquals("x meets the medium change: " + first, "6/28/00", first.senseCode());
            assertEquals("y is told as well", "6/28/00", y.execute(CD_LUN, Cdb.testUnitReady(), null, 0).senseCode());
            for (RawScsiInitiator i : new RawScsiInitiator[] {x, y}) {
                RawScsiInitiator.Result read = i.execute(CD_LUN, Cdb.read10(3, 1), null, 2048);
                assertEquals("once: " + read, 0, read.status);
                assertTrue(Arrays.equals(block(images[1], 3), read.data));
            }
        }
    }

    /** Two images of {@link #CD_BLOCKS} blocks of random bytes, different from each other. */
    private static Path[] cdImages(Path dir) throws Exception {
        Files.createDirectories(dir);
        Path[] images = {dir.resolve("cd0.iso"), dir.resolve("cd1.iso")};
        java.util.Random random = new java.util.Random(20);
        for (Path p : images) {
            byte[] b = new byte[CD_BLOCKS * 2048];
            random.nextBytes(b);
            Files.write(p, b);
        }
        return images;
    }

    private static byte[] block(Path image, int lba) throws Exception {
        return Arrays.copyOfRange(Files.readAllBytes(image), lba * 2048, lba * 2048 + 2048);
    }

    /**
     * The pass-through target, its dev_disk devices and LUNs as one scst.conf through the REST config tool (as an
     * administrator applies it); then the running system written back as scst.conf must name them again, and
     * applying that file must plan nothing (the config tool's round trip for dev_disk).
     */
    private static void configure(UnpackedDistribution q, String quiverBackend, String tgtBackend, Path image) throws Exception {
        StringBuilder conf = new StringBuilder("HANDLER vcdrom {\n\tDEVICE cd0 {\n\t\tfilename " + image + "\n\t}\n}\n"
                + "HANDLER dev_cdrom {\n\tDEVICE ptcd {\n\t\tfilename iscsi://127.0.0.1:" + (PORT_BASE + 2) + "/" + CD_BACKEND
                + "/0\n\t}\n}\n");
        conf.append("HANDLER dev_disk {\n\tDEVICE pt0 {\n\t\tfilename ").append(quiverBackend).append("\n\t\ttimeout 20\n\t}\n");
        if (tgtBackend != null) {
            conf.append("\tDEVICE pt1 {\n\t\tfilename ").append(tgtBackend).append("\n\t}\n");
        }
        conf.append("}\nTARGET_DRIVER iscsi {\n\tTARGET ").append(CD_BACKEND).append(" {\n\t\tenabled 1\n\t\tLUN 0 cd0\n\t}\n");
        conf.append("\tTARGET ").append(PT_TARGET).append(" {\n\t\tenabled 1\n\t\tLUN 0 pt0\n\t\tLUN ").append(CD_LUN)
                .append(" ptcd\n");
        if (tgtBackend != null) {
            conf.append("\t\tLUN 1 pt1\n");
        }
        conf.append("\t}\n}\n");
        RestClient rest = new RestClient(PORT_BASE, "admin", Files.readString(q.home().resolve("etc/admin.password")).trim());
        RestClient.Reply applied = null;
        // 404 until the REST servlet is registered, 503 until the config tool is: the web server starts first.
        for (int i = 0; i < 180 && (applied == null || applied.status == 404 || applied.status == 503); i++) {
            try {
                applied = rest.send("POST", "/api/v1/config/apply?file=passthrough.conf", "text/plain", conf.toString());
            } catch (java.io.IOException notYet) {
                Thread.sleep(500);
            }
            if (applied != null && (applied.status == 404 || applied.status == 503)) {
                Thread.sleep(500);
            }
        }
        assertEquals(String.valueOf(applied), 200, applied.status);
        String written = rest.get("/api/v1/config").body;
        for (String expected : new String[] {"HANDLER dev_disk {", "DEVICE pt0 {", "filename " + quiverBackend, "timeout 20",
                "LUN 0 pt0", "HANDLER dev_cdrom {", "DEVICE ptcd {", "LUN " + CD_LUN + " ptcd"}) {
            assertTrue("written scst.conf lacks '" + expected + "':\n" + written, written.contains(expected));
        }
        RestClient.Reply again = rest.send("POST", "/api/v1/config/apply?file=written.conf&dryRun=true", "text/plain", written);
        assertEquals(again.body, 200, again.status);
        assertEquals("applying the written scst.conf plans nothing: " + again.body, List.of(), Json.at(again.json(), "plan"));
    }

    /** Waits up to 90 s until READ CAPACITY (16) through {@code url} succeeds (the dev_disk logs in to its backend). */
    private static void awaitAnswer(String url) throws Exception {
        ProcessRun r = ProcessRun.untilSuccess(180, 500, () -> ProcessRun.run("iscsi-readcapacity16", url));
        if (r.exit != 0) {
            throw new AssertionError(url + " never answered READ CAPACITY (16): " + r.output);
        }
    }
}
