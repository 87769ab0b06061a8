package io.quiver.handler.fileio.impl.channel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Thin provisioning over a real file: holes punched by UNMAP, found by GET LBA STATUS.
 */
class SparseFileTest {

    private static final int BS = 4096;

    @TempDir
    Path dir;

    @Test
    void unmapPunchesHolesThatReadAsZerosAndShowInTheExtents() throws IOException {
        byte[] full = new byte[64 * BS];
        Arrays.fill(full, (byte) 0x11);
        Path f = Files.write(dir.resolve("thin.img"), full);
        FileChannel ch = FileChannel.open(f, StandardOpenOption.READ, StandardOpenOption.WRITE);
        try (ChannelBlockStore store = new ChannelBlockStore(ch, BS, 64, 0, false, SparseFile.open(f, full.length))) {
            assertTrue(store.thinProvisioned());
            assertEquals(64, store.provisioningExtent(0, 64), "all written: one mapped extent");
            long before = allocated(f);

            store.unmap(10, 20);
            assertTrue(allocated(f) <= before - 20L * BS, "blocks really deallocated");
            assertEquals(10, store.provisioningExtent(0, 64));
            assertEquals(-20, store.provisioningExtent(10, 54));
            assertEquals(-5, store.provisioningExtent(10, 5), "capped at the request");
            assertEquals(34, store.provisioningExtent(30, 34));

            ByteBuf back = ByteBufAllocator.DEFAULT.directBuffer(2 * BS);
            try {
                store.read(9, 2, back);
                assertEquals(0x11, back.getByte(BS - 1));
                assertEquals(0, back.getByte(BS));
            } finally {
                back.release();
            }
            store.unmap(60, 4);
            assertEquals(-4, store.provisioningExtent(60, 4), "a hole up to the end of the file");
        }
        assertEquals(64 * BS, Files.size(f), "KEEP_SIZE: the file keeps its size");
    }

    @Test
    void withoutHolesEveryBlockIsMapped() throws IOException {
        Path f = Files.write(dir.resolve("plain.img"), new byte[4 * BS]);
        try (ChannelBlockStore store = new ChannelBlockStore(FileChannel.open(f, StandardOpenOption.READ), BS, 4, 0,
                false)) {
            assertFalse(store.thinProvisioned());
            assertEquals(4, store.provisioningExtent(0, 4));
            assertThrows(UnsupportedOperationException.class, () -> store.unmap(0, 1));
        }
    }

    private static long allocated(Path f) throws IOException {
        try {
            Process p = new ProcessBuilder("stat", "-c", "%b", f.toString()).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes()).trim();
            Assumptions.assumeTrue(p.waitFor() == 0, "stat failed: " + out);
            return Long.parseLong(out) * 512;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }
}
