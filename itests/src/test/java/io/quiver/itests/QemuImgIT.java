package io.quiver.itests;

import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import org.junit.Assume;
import org.junit.Test;

/**
 * QEMU's iSCSI block driver (libiscsi inside qemu-img and qemu-io, Debian qemu-utils + qemu-block-extra)
 * against the default distribution started as a user starts it: it sees the 1 GiB LUN, writes a 32 MiB
 * image onto it, and reads back exactly those bytes, before and after a restart of Quiver.
 */
public class QemuImgIT {

    private static final int PORT_BASE = 28400;

    @Test
    public void qemuWritesAnImageAndReadsItBackAcrossARestart() throws Exception {
        Assume.assumeTrue("qemu-img is not installed (.ci/run installs qemu-utils)", Files.isExecutable(Path.of("/usr/bin/qemu-img")));
        Path tarball = Path.of(System.getProperty("quiver.distribution"));
        Path work = Path.of("target/qemu").toAbsolutePath();
        try (UnpackedDistribution q = UnpackedDistribution.unpack(tarball, work, System.getProperty("java.home"), PORT_BASE)) {
            Path image = work.resolve("image.raw");
            byte[] data = new byte[32 << 20];
            new Random(7143).nextBytes(data);
            Files.write(image, data);
            String lun = "iscsi://127.0.0.1:" + (PORT_BASE + 2) + "/iqn.2026-11.io.quiver:default/0";

            q.start();
            UnpackedDistribution.awaitListening(PORT_BASE + 2);
            String info = qemu(work, "qemu-img", "info", lun);
            assertTrue(info, info.contains("virtual size: 1 GiB (1073741824 bytes)"));
            qemu(work, "qemu-img", "convert", "-n", "-f", "raw", "-O", "raw", image.toString(), lun);
            assertIdentical(work, image, lun);
            String pattern = qemu(work, "qemu-io", "-f", "raw", "-c", "write -P 0xa5 512M 4M", "-c", "read -P 0xa5 512M 4M", lun);
            assertTrue(pattern, pattern.contains("read 4194304/4194304 bytes at offset 536870912"));

            q.stop();
            q.start();
            UnpackedDistribution.awaitListening(PORT_BASE + 2);
            assertIdentical(work, image, lun);
            String again = qemu(work, "qemu-io", "-f", "raw", "-c", "read -P 0xa5 512M 4M", lun);
            assertTrue(again, again.contains("read 4194304/4194304 bytes at offset 536870912"));
            q.stop();
        }
    }

    /** qemu-img compare of the first 32 MiB: the image against the same range of the LUN. */
    private static void assertIdentical(Path work, Path image, String lun) throws Exception {
        String slice = "json:{\"driver\":\"raw\",\"size\":" + Files.size(image) + ",\"file\":{\"driver\":\"iscsi\","
                + "\"transport\":\"tcp\",\"portal\":\"" + lun.substring(8, lun.indexOf('/', 8)) + "\","
                + "\"target\":\"iqn.2026-11.io.quiver:default\",\"lun\":0}}";
        String out = qemu(work, "qemu-img", "compare", "-f", "raw", "-F", "raw", image.toString(), slice);
        assertTrue(out, out.contains("Images are identical."));
    }

    private static String qemu(Path dir, String... command) throws Exception {
        return UnpackedDistribution.run(dir, Map.of(), command);
    }
}
