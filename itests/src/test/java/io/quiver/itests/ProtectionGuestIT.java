package io.quiver.itests;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;

/**
 * T10 protection information seen by Linux (issue 23): the default distribution with a ramdisk LUN formatted
 * with type 1 ({@code dif_type = 1}), attached to the guest by QEMU's libiscsi as scsi-generic, so sg3_utils'
 * CDBs reach Quiver unchanged; {@code guest/protection.sh} checks READ CAPACITY (16), the Extended INQUIRY
 * page, a WRITE (10)/READ (10) with WRPROTECT/RDPROTECT 001b and the ABORTED COMMAND sense of bad tags. The
 * guest has no CRC16 T10-DIF tool, so the host computes the 8 PI bytes it sends.
 */
public class ProtectionGuestIT {

    private static final int PI_LUN = 3;
    private static final int LBA = 16;
    private static final int FILL = 0xA5;
    private static final int APP_TAG = 0x1234;
    private static final int GUEST_TIMEOUT = 420;

    private static LinuxGuest guest;
    private static UnpackedDistribution quiver;
    private static int portBase;

    @BeforeClass
    public static void start() throws Exception {
        guest = LinuxGuest.build();
        portBase = LinuxInitiatorIT.freePortBase();
        Path work = Path.of("target/protection").toAbsolutePath();
        quiver = UnpackedDistribution.unpack(Path.of(System.getProperty("quiver.distribution")), work.resolve("quiver"),
                System.getProperty("java.home"), portBase);
        Path etc = quiver.home().resolve("etc");
        Files.writeString(etc.resolve("io.quiver.handler.ramdisk-pi1.cfg"), "name = pi1\nsize = 16777216\ndif_type = 1\n");
        Files.writeString(etc.resolve("io.quiver.core.lun-pi1.cfg"), "target = " + LinuxInitiatorIT.TARGET
                + "\nlun = " + PI_LUN + "\ndevice = pi1\n");
        quiver.start();
        UnpackedDistribution.awaitListening(portBase + 2);
    }

    @AfterClass
    public static void stop() throws Exception {
        if (quiver != null) {
            quiver.stop();
            quiver.close();
        }
    }

    @Test
    public void linuxSeesAndUsesTypeOneProtection() throws Exception {
        byte[] block = new byte[512];
        java.util.Arrays.fill(block, (byte) FILL);
        int guard = crc16(block);
        Map<String, String> env = new LinkedHashMap<>();
        env.put("PI_ID", "0");
        env.put("PI_LBA", Integer.toString(LBA));
        env.put("PI_FILL", Integer.toOctalString(FILL));
        env.put("PI_GOOD", pi(guard, LBA));
        env.put("PI_BAD_GUARD", pi(guard ^ 0x0001, LBA));
        env.put("PI_BAD_REF", pi(guard, LBA + 1));
        String generic = "driver=iscsi,transport=tcp,portal=127.0.0.1:" + (portBase + 2) + ",target="
                + LinuxInitiatorIT.TARGET + ",lun=" + PI_LUN + ",initiator-name=iqn.2026-12.io.quiver.qemu:pi,node-name=pi";
        GuestReport r = guest.run("protection", env, LinuxInitiatorIT.workDir("protection"),
                List.of("-device", "virtio-scsi-pci,id=scsi0", "-blockdev", generic,
                        "-device", "scsi-generic,drive=pi,bus=scsi0.0,channel=0,scsi-id=0,lun=0"),
                request -> "ERROR no requests in this family", GUEST_TIMEOUT);
        System.out.println("protection against quiver: " + r.summary());
        r.assertNoSkip();
        r.assertNoFailure(10);
    }

    /** Guard, application tag {@link #APP_TAG}, reference tag, as hex. */
    private static String pi(int guard, long ref) {
        return HexFormat.of().formatHex(java.nio.ByteBuffer.allocate(8).putShort((short) guard).putShort((short) APP_TAG)
                .putInt((int) ref).array());
    }

    /** CRC16 T10-DIF (polynomial 8BB7h, initial 0), bit by bit: the guest's data is one block. */
    static int crc16(byte[] data) {
        int crc = 0;
        for (byte b : data) {
            crc ^= (b & 0xFF) << 8;
            for (int k = 0; k < 8; k++) {
                crc = (crc & 0x8000) != 0 ? (crc << 1) ^ 0x8BB7 : crc << 1;
            }
            crc &= 0xFFFF;
        }
        return crc;
    }
}
