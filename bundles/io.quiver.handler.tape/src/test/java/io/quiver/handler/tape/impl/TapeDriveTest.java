package io.quiver.handler.tape.impl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.quiver.scsi.SenseData;
import io.quiver.scsi.SenseKey;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The sequential state machine over a real cartridge file: positions, filemarks, residues, end of medium. */
class TapeDriveTest {

    @TempDir
    Path dir;

    TapeDrive drive = new TapeDrive();

    @BeforeEach
    void load() throws Exception {
        Path f = dir.resolve("T00001.img");
        Cartridge.create(f, "T00001", 4);
        drive.insert(Cartridge.open(f));
    }

    @AfterEach
    void unload() throws Exception {
        Cartridge c = drive.remove();
        if (c != null) {
            c.close();
        }
    }

    static ByteBuf bytes(int length, int seed) {
        ByteBuf b = Unpooled.buffer(length);
        for (int i = 0; i < length; i++) {
            b.writeByte(seed + i);
        }
        return b;
    }

    private SenseData writeVariable(int length, int seed) throws Exception {
        return drive.write(false, length, bytes(length, seed), false);
    }

    private static void assertSense(SenseData s, SenseKey key, int ascq, long information) {
        assertEquals(key, s.key(), s.toString());
        assertEquals(0, s.asc());
        assertEquals(ascq, s.ascq());
        assertTrue(s.informationValid());
        assertEquals(information & 0xFFFF_FFFFL, s.information());
    }

    @Test
    void positionsCountBlocksAndFilemarks() throws Exception {
        assertNull(writeVariable(100, 1));
        assertNull(writeVariable(200, 2));
        assertNull(drive.writeFilemarks(1, false));
        assertNull(writeVariable(300, 3));
        assertNull(drive.writeFilemarks(2, false));
        assertEquals(6, drive.position());
        assertEquals(3, drive.fileNumber());
        assertNull(drive.rewind());
        assertEquals(0, drive.position());

        assertNull(drive.spaceFilemarks(1));
        assertEquals(3, drive.position(), "after the first filemark");
        assertEquals(1, drive.fileNumber());
        ByteBuf out = Unpooled.buffer();
        assertNull(drive.read(false, false, 300, out));
        assertArrayEquals(bytes(300, 3).array(), java.util.Arrays.copyOf(out.array(), out.readableBytes()));

        // backwards over one filemark: BOP side of it
        assertNull(drive.spaceFilemarks(-1));
        assertEquals(2, drive.position());
        // spacing blocks backwards stops at BOP with EOM and the residue
        SenseData s = drive.spaceBlocks(-5);
        assertSense(s, SenseKey.NO_SENSE, TapeSense.ASCQ_BEGINNING_OF_PARTITION, -3);
        assertTrue(s.endOfMedium());
        assertEquals(0, drive.position());
        // forwards over blocks: stops after the filemark with FILEMARK
        s = drive.spaceBlocks(5);
        assertSense(s, SenseKey.NO_SENSE, TapeSense.ASCQ_FILEMARK, 3);
        assertTrue(s.filemark());
        assertEquals(3, drive.position());
        // to end of data, then a read there is BLANK CHECK
        assertNull(drive.spaceToEnd());
        assertEquals(6, drive.position());
        s = drive.read(false, false, 512, Unpooled.buffer());
        assertSense(s, SenseKey.BLANK_CHECK, TapeSense.ASCQ_END_OF_DATA, 512);
        // spacing filemarks past the end: BLANK CHECK with the residue
        drive.locate(0);
        s = drive.spaceFilemarks(5);
        assertSense(s, SenseKey.BLANK_CHECK, TapeSense.ASCQ_END_OF_DATA, 2);
        // LOCATE past EOD stops at EOD
        s = drive.locate(99);
        assertEquals(SenseKey.BLANK_CHECK, s.key());
        assertEquals(6, drive.position());
        assertNull(drive.locateFile(2));
        assertEquals(5, drive.position(), "file 2 starts after the second filemark");
    }

    @Test
    void variableModeResiduesAndSili() throws Exception {
        writeVariable(1000, 7);
        writeVariable(1000, 8);
        writeVariable(1000, 9);
        drive.writeFilemarks(1, false);
        drive.rewind();
        // block shorter than asked: ILI, positive residue; data = the block
        ByteBuf out = Unpooled.buffer();
        SenseData s = drive.read(false, false, 4096, out);
        assertSense(s, SenseKey.NO_SENSE, 0, 3096);
        assertTrue(s.incorrectLength());
        assertEquals(1000, out.readableBytes());
        // SILI suppresses the short-block report
        out.clear();
        assertNull(drive.read(false, true, 4096, out));
        assertEquals(1000, out.readableBytes());
        // block longer than asked: ILI, negative residue, even with SILI; position after the block
        out.clear();
        s = drive.read(false, true, 600, out);
        assertSense(s, SenseKey.NO_SENSE, 0, -400);
        assertEquals(600, out.readableBytes());
        assertEquals(3, drive.position());
        // the filemark: FILEMARK, residue = the whole request, position after it
        s = drive.read(false, false, 100, Unpooled.buffer());
        assertSense(s, SenseKey.NO_SENSE, TapeSense.ASCQ_FILEMARK, 100);
        assertTrue(s.filemark());
        assertEquals(4, drive.position());
    }

    @Test
    void fixedModeResiduesCountBlocks() throws Exception {
        drive.blockLength(512);
        assertNull(drive.write(true, 4, bytes(2048, 0), false));
        drive.writeFilemarks(1, false);
        drive.blockLength(0);
        writeVariable(100, 0);
        drive.rewind();
        drive.blockLength(512);
        ByteBuf out = Unpooled.buffer();
        SenseData s = drive.read(true, false, 6, out);
        assertSense(s, SenseKey.NO_SENSE, TapeSense.ASCQ_FILEMARK, 2);
        assertEquals(2048, out.readableBytes());
        out.clear();
        s = drive.read(true, false, 3, out);
        assertSense(s, SenseKey.NO_SENSE, 0, 3);
        assertTrue(s.incorrectLength(), "a 100-byte block in 512-byte fixed mode");
        s = drive.read(true, false, 2, out);
        assertSense(s, SenseKey.BLANK_CHECK, TapeSense.ASCQ_END_OF_DATA, 2);
    }

    @Test
    void writingInTheMiddleDiscardsWhatFollows() throws Exception {
        writeVariable(10, 0);
        writeVariable(10, 0);
        writeVariable(10, 0);
        drive.locate(1);
        writeVariable(20, 0);
        assertNull(drive.spaceToEnd());
        assertEquals(2, drive.position());
        drive.locate(1);
        assertNull(drive.erase(false));
        drive.spaceToEnd();
        assertEquals(1, drive.position());
    }

    @Test
    void earlyWarningThenVolumeOverflow() throws Exception {
        int block = 64 * 1024;
        SenseData s = null;
        int written = 0;
        while (s == null) {
            s = writeVariable(block, 0);
            written++;
        }
        // the cartridge is 4 MiB; the early-warning zone its last 256 KiB
        assertSense(s, SenseKey.NO_SENSE, TapeSense.ASCQ_END_OF_PARTITION, 0);
        assertTrue(s.endOfMedium());
        assertTrue(drive.pastEarlyWarning());
        assertTrue(written > 55 && written < 64, "written " + written);
        while (s.key() == SenseKey.NO_SENSE) {
            s = writeVariable(block, 0);
        }
        assertSense(s, SenseKey.VOLUME_OVERFLOW, TapeSense.ASCQ_END_OF_PARTITION, block);
        assertTrue(s.endOfMedium());
        assertTrue(drive.cartridge().used() <= drive.cartridge().capacity());
    }

    @Test
    void noCartridgeIsNotReadyAndUnloadIsPreventable() throws Exception {
        drive.removal().prevent(7, true);
        assertEquals(SenseKey.ILLEGAL_REQUEST, drive.load(false).key());
        drive.removal().nexusLost(7);
        assertNull(drive.load(false));
        assertEquals(0x3A, drive.ready().asc());
        assertEquals(0x3A, drive.read(false, false, 10, Unpooled.buffer()).asc());
        assertNull(drive.load(true));
        assertNull(drive.ready());
        assertFalse(drive.writeProtected());
    }
}
