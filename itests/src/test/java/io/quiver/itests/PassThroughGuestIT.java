package io.quiver.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;
import org.junit.Test;

/**
 * SCST's dev handlers on real Linux SCSI devices through SG_IO, with Quiver running inside the Linux guest
 * ({@link LinuxGuest#withQuiver}), the only place here with a SCSI stack: the guest's QEMU {@code scsi-hd} is
 * exported by {@code dev_disk} named by its H:C:I:L address (scst.conf's {@code DEVICE 0:0:0:0}), its
 * {@code scsi-cd} by {@code dev_cdrom} through its bsg node ({@code sg_io_v4}), and a tape drive that this host's
 * Quiver serves, attached to the guest through QEMU's libiscsi as {@code scsi-generic}, by {@code dev_tape}
 * through {@code /dev/sgN}; {@code dev_raid} and {@code dev_processor} take devices of the kernel's
 * {@code scsi_debug}, the processor added while Quiver runs. The guest's open-iscsi logs in to them over loopback ({@code guest/passthrough-sgio.sh}:
 * sg3_utils, data written through Quiver read back from the device itself, ext4 with checksummed files and
 * e2fsck, the CD's pattern, st with a short variable block, the array controller's and processor's identity,
 * TEST UNIT READY and sense compared with the local sg node); the host's libiscsi tools reach the same LUNs through
 * user networking.
 */
public class PassThroughGuestIT {

    static final String TAPE_TARGET = "iqn.2026-12.io.quiver:sgio-tape";
    static final String GUEST_TARGET = "iqn.2026-12.io.quiver:sgio";
    private static final int GUEST_TIMEOUT = 1800;
    private static final int CD_BYTES = 8 << 20;

    @Test
    public void scsiDevicesOfTheGuestThroughSgIo() throws Exception {
        Path work = LinuxInitiatorIT.workDir("passthrough-sgio");
        int portBase = LinuxInitiatorIT.freePortBase();
        Path tarball = Path.of(System.getProperty("quiver.distribution"));
        UnpackedDistribution host = UnpackedDistribution.unpack(tarball, work.resolve("host"),
                System.getProperty("java.home"), portBase);
        Path etc = host.home().resolve("etc");
        Files.writeString(etc.resolve("io.quiver.handler.tape.vtape-sgiotape.cfg"),
                "name = sgiotape\nfilename = " + work.resolve("T1.img") + "\ncapacity_mb = 64\n");
        Files.writeString(etc.resolve("io.quiver.transport.iscsi.target-sgiotape.cfg"),
                "name = " + TAPE_TARGET + "\nenabled = true\n");
        Files.writeString(etc.resolve("io.quiver.core.lun-sgiotape.cfg"),
                "target = " + TAPE_TARGET + "\nlun = 0\ndevice = sgiotape\n");
        host.start();
        try {
            UnpackedDistribution.awaitListening(portBase + 2);
            // QEMU attaches the tape at its start: the drive must answer by then.
            String tapeUrl = "iscsi://127.0.0.1:" + (portBase + 2) + "/" + TAPE_TARGET + "/0";
            String seen = "";
            for (int i = 0; i < 180 && !seen.contains("SEQUENTIAL"); i++) {
                Thread.sleep(i == 0 ? 0 : 500);
                seen = ProcessRun.run("iscsi-inq", "-i", "iqn.2026-12.io.quiver:sgio-host", tapeUrl).output.toUpperCase();
            }
            assertTrue("the host's tape drive never answered: " + seen, seen.contains("SEQUENTIAL"));
            UnpackedDistribution.run(work, Map.of(), "tar", "xzf", tarball.toString());
            Path home = work.resolve(tarball.getFileName().toString().replace(".tar.gz", ""));
            Path disk = work.resolve("disk.img");
            UnpackedDistribution.run(work, Map.of(), "truncate", "-s", "256M", disk.toString());
            byte[] cd = new byte[CD_BYTES];
            new Random(20261207).nextBytes(cd);
            Path cdImage = Files.write(work.resolve("cd.iso"), cd);
            String cdSha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(cd));
            int guestPortal = portBase + 7;
            String tape = "driver=iscsi,transport=tcp,portal=127.0.0.1:" + (portBase + 2) + ",target=" + TAPE_TARGET
                    + ",initiator-name=iqn.2026-12.io.quiver.qemu:sgio,lun=0,node-name=tape";
            List<String> devices = List.of("-device", "virtio-scsi-pci,id=scsi0",
                    "-drive", "file=" + disk + ",format=raw,if=none,id=hd0,cache=none",
                    "-device", "scsi-hd,drive=hd0,bus=scsi0.0,channel=0,scsi-id=0,lun=0,serial=QVRSGIO0",
                    "-drive", "file=" + cdImage + ",format=raw,if=none,id=cd0,media=cdrom,readonly=on",
                    "-device", "scsi-cd,drive=cd0,bus=scsi0.0,channel=0,scsi-id=1,lun=0",
                    "-blockdev", tape,
                    "-device", "scsi-generic,drive=tape,bus=scsi0.0,channel=0,scsi-id=2,lun=0");
            LinuxGuest guest = LinuxGuest.build().withHostJdk().withQuiver(home).memory(GuestQuiverIT.GUEST_MEMORY_MIB);
            long t0 = System.nanoTime();
            GuestReport report = guest.run("passthrough-sgio", Map.of("CD_SHA256", cdSha, "CD_BYTES", String.valueOf(CD_BYTES),
                    "QUIVER_JAVA_OPTS", GuestQuiverIT.GUEST_JAVA_OPTS),
                    work.resolve("guest"), List.of(), "hostfwd=tcp:127.0.0.1:" + guestPortal + "-:3260", devices,
                    request -> hostLibiscsi(request, guestPortal), GUEST_TIMEOUT);
            String timings;
            try (var lines = Files.lines(work.resolve("guest/console.log"))) {
                timings = lines.filter(l -> l.startsWith("GUEST TIMING")).collect(Collectors.joining("\n"));
            }
            System.out.printf("passthrough-sgio: %s in %.1f s%n%s%n", report.summary(), (System.nanoTime() - t0) / 1e9, timings);
            report.assertNoSkip();
            report.assertNoFailure(37);
        } finally {
            host.stop();
            host.close();
        }
    }

    /**
     * {@code host-libiscsi}: this host's libiscsi tools on the guest's pass-through disk (LUN 0) through the
     * forwarded portal: INQUIRY's peripheral type and the device's serial number, READ CAPACITY (16).
     */
    private static String hostLibiscsi(String request, int port) {
        if (!"host-libiscsi".equals(request)) {
            return "ERROR unknown request " + request;
        }
        try {
            String url = "iscsi://127.0.0.1:" + port + "/" + GUEST_TARGET + "/0";
            ProcessRun inq = ProcessRun.run("iscsi-inq", "-i", "iqn.2026-12.io.quiver:sgio-host", url);
            ProcessRun serial = ProcessRun.run("iscsi-inq", "-i", "iqn.2026-12.io.quiver:sgio-host", "-e", "1", "-c", "128", url);
            ProcessRun cap = ProcessRun.run("iscsi-readcapacity16", "-i", "iqn.2026-12.io.quiver:sgio-host", url);
            assertEquals(inq.output, 0, inq.exit);
            boolean disk = inq.output.toUpperCase().contains("DIRECT");
            boolean serialSeen = serial.output.contains("QVRSGIO0");
            boolean size = cap.output.contains("Total size:268435456");
            return disk && serialSeen && size ? "OK" : "ERROR inq/serial/capacity: " + (inq.output + serial.output + cap.output)
                    .replace('\n', ' ');
        } catch (Exception | AssertionError e) {
            return "ERROR " + e;
        }
    }
}
