package io.quiver.handler.tape.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.netty.buffer.Unpooled;
import io.quiver.scsi.SenseKey;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.nio.file.attribute.PosixFilePermission;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The tgt file format, both ways: our cartridges as tgtimg shows them, tgtimg's cartridges here. */
class CartridgeTest {

    @TempDir
    Path dir;

    @Test
    void reopenFindsEverythingWritten() throws Exception {
        Path f = dir.resolve("A.img");
        Cartridge.create(f, "A00001", 8);
        try (Cartridge c = Cartridge.open(f)) {
            assertEquals("A00001", c.barcode());
            assertEquals(8L << 20, c.capacity());
            c.append(TapeDriveTest.bytes(100, 1));
            c.append(null);
            c.append(TapeDriveTest.bytes(50, 2));
        }
        try (Cartridge c = Cartridge.open(f)) {
            assertEquals(3, c.objects());
            assertEquals(100, c.blockLength(0));
            assertTrue(c.isFilemark(1));
            assertEquals(1, c.filemarksBefore(2));
            var out = Unpooled.buffer();
            c.read(2, 50, out);
            assertEquals(TapeDriveTest.bytes(50, 2), out);
        }
    }

    @Test
    void garbageIsRefusedWithTheFileName() throws Exception {
        Path f = dir.resolve("junk");
        Files.write(f, new byte[4096]);
        IOException e = assertThrows(IOException.class, () -> Cartridge.open(f));
        assertTrue(e.getMessage().contains("junk"), e.getMessage());
    }

    @Test
    void aReadOnlyFileIsAWriteProtectedCartridge() throws Exception {
        Path f = dir.resolve("RO.img");
        Cartridge.create(f, "RO0001", 1);
        Files.setPosixFilePermissions(f, Set.of(PosixFilePermission.OWNER_READ));
        assumeTrue(!Files.isWritable(f), "running as root: permissions do not protect");
        TapeDrive d = new TapeDrive();
        d.insert(Cartridge.open(f));
        assertEquals(SenseKey.DATA_PROTECT, d.write(false, 4, TapeDriveTest.bytes(4, 0), false).key());
        assertEquals(0x27, d.writeFilemarks(1, false).asc());
        d.remove().close();
    }

    @Test
    void lunWriteProtectionRefusesWrites() throws Exception {
        Path f = dir.resolve("W.img");
        Cartridge.create(f, "W00001", 1);
        TapeDrive d = new TapeDrive();
        d.insert(Cartridge.open(f));
        assertEquals(SenseKey.DATA_PROTECT, d.write(false, 4, TapeDriveTest.bytes(4, 0), true).key());
        assertNull(d.writeFilemarks(0, true), "a flush writes nothing");
        d.remove().close();
    }

    @Test
    void tgtimgReadsOursAndWeReadTgtimgs() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/sbin/tgtimg")), "tgtimg (Debian tgt) not installed");
        Path ours = dir.resolve("OURS.img");
        Cartridge.create(ours, "OURS01", 2);
        try (Cartridge c = Cartridge.open(ours)) {
            c.append(TapeDriveTest.bytes(1000, 0));
            c.append(null);
        }
        String shown = run("/usr/sbin/tgtimg", "--op", "show", "--device-type", "tape", "--file", ours.toString());
        assertTrue(shown.contains("OURS01"), shown);
        assertTrue(shown.contains("Uncompressed data") && shown.contains("Filemark") && shown.contains("End of Data"), shown);
        assertTrue(shown.contains("Blk No. 3"), "EOD is block 3:\n" + shown);

        Path theirs = dir.resolve("theirs");
        run("/usr/sbin/tgtimg", "--op", "new", "--device-type", "tape", "--barcode", "TGT001", "--size", "5",
                "--type", "data", "--file", theirs.toString());
        TapeDrive d = new TapeDrive();
        d.insert(Cartridge.open(theirs));
        assertEquals("TGT001", d.cartridge().barcode());
        assertEquals(5L << 20, d.cartridge().capacity());
        assertNull(d.write(false, 10, TapeDriveTest.bytes(10, 0), false));
        assertNull(d.writeFilemarks(1, false));
        d.remove().close();
        shown = run("/usr/sbin/tgtimg", "--op", "show", "--device-type", "tape", "--file", theirs.toString());
        assertTrue(shown.contains("Filemark") && shown.contains("Blk No. 3"), shown);
    }

    private static String run(String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out);
        return out;
    }
}
