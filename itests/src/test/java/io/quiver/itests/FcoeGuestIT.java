package io.quiver.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.Test;

/**
 * Linux's software FCoE initiator (fcoe/libfcoe/libfc, FIP VN2VN) against the default distribution's fcst
 * target, end to end ({@code linux-guest/guest/fcoe.sh}): feature {@code quiver-fcoe} installed in the shell as a
 * user does, the target configured by a file in {@code etc/} as docs/fcoe.md says, and a Debian guest under QEMU
 * whose second NIC is the other end of the target's tap. The guest logs in, finds the LUN as an sd disk and runs
 * sg3_utils, persistent reservations, parallel direct I/O, ext4 with checksums, a LUN reset, link flaps on both sides and
 * the driver's feature uninstalled and installed again in Quiver's shell under writes on it. Every frame the
 * target sent and received is captured by the target itself ({@code pcap}) and dissected by tshark: no malformed
 * frame, no expert warning, no bad CRC.
 *
 * <p>The tap lives in a network namespace of the test's own ({@code qfc-it-PID-RANDOM}), not in the root one:
 * QEMU runs inside it, and Quiver, in the root namespace, opens its AF_PACKET sockets there through the target's
 * {@code netns} attribute (what a user does for an interface in a container's namespace). So nothing on the host
 * (address autoconfiguration, LLDP or network managers, other tests' packet sockets) sees or touches the tap,
 * FCoE and FIP frames go nowhere but between target and guest, and deleting the namespace removes the tap even
 * after a crash ({@link TapNamespace} deletes leftovers of dead test JVMs).
 */
public class FcoeGuestIT {

    /**
     * Quiver's port name. Linux's libfc, in point-to-point and VN2VN, lets the port with the higher WWPN send
     * PLOGI (fc_rport.c, FLOGI response: {@code if (rdata->ids.port_name < lport->wwpn) fc_rport_enter_plogi();
     * else PLOGI_WAIT}); fcst answers PLOGI but never sends one, so its WWPN must be the lower. Linux's fcoe makes
     * its WWPN 20:00:MAC, here 20:00:52:54:00:fc:0e:01 (TapNamespace's guest MAC). This one is lower and, being
     * NAA 2h (a 10:00:... one is NAA 1h, which SPC-4 has no designator for), also appears in VPD 83h as the target
     * port's NAA designator, which guest/fcoe.sh checks.
     */
    static final String WWPN = "20:00:02:51:56:fc:0e:10";
    static final long DISK_SIZE = 64L << 20;
    private static final int GUEST_TIMEOUT = 480;

    @Test
    public void linuxFcoeInitiatorUsesAQuiverLun() throws Exception {
        LinuxGuest guest = LinuxGuest.build();
        boolean tshark = Files.isExecutable(Path.of("/usr/bin/tshark"));
        if (Fio.ci()) {
            assertTrue("CI: tshark is missing; .ci/run installs it", tshark);
        }
        Path work = LinuxInitiatorIT.workDir("fcoe");
        // Ports: -Dquiver.it.portBase for a run limited to a range, else a free random one.
        int portBase = Integer.getInteger("quiver.it.portBase", 0);
        portBase = portBase > 0 ? portBase : LinuxInitiatorIT.freePortBase();
        Path pcap = work.resolve("fcst.pcap");
        try (TapNamespace ns = TapNamespace.create("qfc-it", "qfctap0");
                UnpackedDistribution quiver = UnpackedDistribution.unpack(Path.of(System.getProperty("quiver.distribution")),
                        work.resolve("quiver"), System.getProperty("java.home"), portBase)) {
            // FCoE expects lossless Ethernet (PFC); the tap's queue towards a TCG guest that reads it slowly is the
            // lossy spot here, so it gets room for a few full READ bursts (the default is 1000 frames).
            ns.exec("ip", "link", "set", ns.tap(), "txqueuelen", "10000");
            Path etc = quiver.home().resolve("etc");
            Files.writeString(etc.resolve("io.quiver.handler.ramdisk-fcdisk.cfg"), "name = fcdisk\nsize = " + DISK_SIZE + "\n");
            Files.writeString(etc.resolve("io.quiver.core.lun-fc0.cfg"), "target = " + WWPN + "\nlun = 0\ndevice = fcdisk\n");
            quiver.start();
            UnpackedDistribution.awaitListening(portBase + 2);
            String out = quiver.client("feature:install quiver-fcoe", "feature:list -i");
            assertTrue(out, out.contains("quiver-fcoe"));
            Files.writeString(etc.resolve("io.quiver.transport.fcoe.target-qfc.cfg"), "name = " + WWPN
                    + "\ninterface_name = " + ns.tap() + "\nnetns = " + ns.name() + "\npcap = " + pcap + "\n");
            // The VN_Port is probing once the capture holds more than its file header.
            long captured = HotDeployment.await(() -> Files.exists(pcap) ? Files.size(pcap) : 0L, n -> n > 24);
            assertTrue("the fcst target sent no frame within 60 s (karaf.log says why)", captured > 24);
            GuestReport report;
            try {
                report = guest.run("fcoe", Map.of("FCOE_NIC", "eth1", "TARGET_WWPN", WWPN, "LUN", "0",
                        "DISK_SIZE", String.valueOf(DISK_SIZE)), work.resolve("guest"), ns.wrapper(), ns.qemuNic(),
                        request -> hostSide(ns, quiver, request), GUEST_TIMEOUT);
            } finally {
                quiver.stop();
            }
            System.out.println("fcoe against quiver: " + report.summary());
            report.assertNoFailure(22);
            report.assertNoSkip();
            String log = Files.readString(quiver.home().resolve("data/log/karaf.log"));
            assertFalse("the kernel dropped FCoE frames at the target", log.contains("the kernel dropped"));
        }
        if (tshark) {
            assertFramesClean(pcap);
        }
    }

    /**
     * The guest's requests: {@code target-link-flap}, the target's tap down for 3 s, then up again;
     * {@code target-driver-reinstall}, the quiver-fcoe feature uninstalled and installed again in Quiver's shell
     * (the guest keeps writing meanwhile).
     */
    private static String hostSide(TapNamespace ns, UnpackedDistribution quiver, String request) {
        try {
            switch (request) {
                case "target-link-flap" -> {
                    ns.exec("ip", "link", "set", ns.tap(), "down");
                    Thread.sleep(3000);
                    ns.exec("ip", "link", "set", ns.tap(), "up");
                }
                case "target-driver-reinstall" -> {
                    String gone = quiver.client("feature:uninstall quiver-fcoe", "feature:list -i");
                    if (gone.contains("quiver-fcoe ")) {
                        return "ERROR still installed: " + gone.replace('\n', ' ');
                    }
                    Thread.sleep(2000); // the guest's writes wait for a target that is not there
                    String back = quiver.client("feature:install quiver-fcoe", "feature:list -i");
                    if (!back.contains("quiver-fcoe")) {
                        return "ERROR not installed again: " + back.replace('\n', ' ');
                    }
                }
                default -> {
                    return "ERROR unknown request " + request;
                }
            }
            return "OK";
        } catch (Exception e) {
            return "ERROR " + e;
        }
    }

    /** tshark on the capture: the login and SCSI traffic is there, and nothing is malformed or flagged. */
    static void assertFramesClean(Path pcap) throws Exception {
        String all = tshark(pcap, List.of());
        for (String expected : List.of("Claim Notification", "Claim Response", "Beacon", "FLOGI", "PLOGI", "PRLI",
                "Read(10)", "Write(10)", "Persistent Reserve Out", "LU_RESET")) {
            assertTrue(expected + " missing from the capture", all.contains(expected));
        }
        assertEquals("frames tshark flags in " + pcap, "",
                tshark(pcap, List.of("-Y", "_ws.malformed || _ws.expert.severity >= warning || fcoe.crc.status != 1")));
    }

    private static String tshark(Path pcap, List<String> filter) throws Exception {
        List<String> command = new ArrayList<>(List.of("tshark", "-n", "-r", pcap.toString()));
        command.addAll(filter);
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes()).lines()
                .filter(l -> !l.startsWith("Running as user")).collect(Collectors.joining("\n"));
        assertEquals("tshark: " + out, 0, p.waitFor());
        return out;
    }
}
