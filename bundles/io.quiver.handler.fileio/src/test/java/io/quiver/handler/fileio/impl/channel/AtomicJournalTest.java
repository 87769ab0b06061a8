package io.quiver.handler.fileio.impl.channel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.netty.buffer.Unpooled;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicJournalTest {

    @TempDir
    Path dir;

    private FileChannel rw(Path f) throws IOException {
        return FileChannel.open(f, StandardOpenOption.READ, StandardOpenOption.WRITE);
    }

    /** What a crash between the journal's fdatasync and the in-place write leaves: a complete record. */
    private static byte[] record(long position, byte[] data, boolean corrupt) {
        ByteBuffer b = ByteBuffer.allocate(AtomicJournal.HEADER_BYTES + data.length);
        java.util.zip.CRC32C c = new java.util.zip.CRC32C();
        c.update(ByteBuffer.allocate(12).putLong(position).putInt(data.length).flip());
        c.update(data);
        b.putLong(AtomicJournal.MAGIC).putLong(position).putInt(data.length).putInt((int) c.getValue() + (corrupt ? 1 : 0));
        b.put(data);
        return b.array();
    }

    @Test
    void aCompleteRecordIsReplayedOnOpenAndRetired() throws IOException {
        Path f = dir.resolve("d.img");
        Files.write(f, new byte[8192]);
        byte[] data = new byte[1024];
        Arrays.fill(data, (byte) 0x5A);
        Files.write(AtomicJournal.journalOf(f), record(2048, data, false));
        try (FileChannel ch = rw(f); AtomicJournal j = AtomicJournal.open(AtomicJournal.journalOf(f), ch, 0)) {
            assertEquals(1024, j.replayedBytes());
        }
        assertArrayEquals(data, Arrays.copyOfRange(Files.readAllBytes(f), 2048, 3072));
        try (FileChannel ch = rw(f); AtomicJournal j = AtomicJournal.open(AtomicJournal.journalOf(f), ch, 0)) {
            assertEquals(0, j.replayedBytes(), "a retired record is not replayed twice");
        }
    }

    @Test
    void aTornRecordIsDiscardedAndTheBlocksKeepTheirOldData() throws IOException {
        Path f = dir.resolve("d.img");
        Files.write(f, new byte[8192]);
        byte[] data = new byte[1024];
        Arrays.fill(data, (byte) 0x77);
        Files.write(AtomicJournal.journalOf(f), record(0, data, true));
        try (FileChannel ch = rw(f); AtomicJournal j = AtomicJournal.open(AtomicJournal.journalOf(f), ch, 0)) {
            assertEquals(0, j.replayedBytes());
        }
        assertArrayEquals(new byte[8192], Files.readAllBytes(f));
    }

    @Test
    void noJournalFileUntilTheFirstAtomicWriteAndNoneLeftPending() throws IOException {
        Path f = dir.resolve("d.img");
        Files.write(f, new byte[8192]);
        Path jf = AtomicJournal.journalOf(f);
        try (FileChannel ch = rw(f); AtomicJournal j = AtomicJournal.open(jf, ch, 0)) {
            assertFalse(Files.exists(jf));
            byte[] data = new byte[512];
            Arrays.fill(data, (byte) 1);
            j.write(512, Unpooled.wrappedBuffer(data));
            assertArrayEquals(data, Arrays.copyOfRange(Files.readAllBytes(f), 512, 1024));
        }
        assertEquals(0, ByteBuffer.wrap(Files.readAllBytes(jf)).getLong(0), "record retired");
    }
}
