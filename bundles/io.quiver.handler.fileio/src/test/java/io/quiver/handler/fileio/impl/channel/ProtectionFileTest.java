package io.quiver.handler.fileio.impl.channel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProtectionFileTest {

    @TempDir
    Path dir;

    private ChannelBlockStore store(Path data, int type) throws IOException {
        FileChannel ch = FileChannel.open(data, StandardOpenOption.READ, StandardOpenOption.WRITE);
        return new ChannelBlockStore(ch, 512, 64, 0, false, null, false, null,
                ProtectionFile.open(ProtectionFile.defaultOf(data), type, false));
    }

    @Test
    void neverWrittenProtectionReadsAsOnesAndWrittenSurvivesAReopen() throws IOException {
        Path data = dir.resolve("d.img");
        Files.write(data, new byte[64 * 512]);
        ByteBuf pi = Unpooled.buffer(16).writeLong(0x1234_0000_0000_000AL).writeLong(0x5678_0001_0000_000BL);
        try (ChannelBlockStore s = store(data, 1)) {
            assertEquals(1, s.protectionType());
            ByteBuf fresh = Unpooled.buffer();
            s.readProtection(60, 4, fresh);
            assertEquals(32, fresh.readableBytes());
            assertEquals(-1L, fresh.getLong(0));
            assertEquals(-1L, fresh.getLong(24));
            s.writeProtection(10, pi, true);
        }
        try (ChannelBlockStore s = store(data, 1)) {
            ByteBuf back = Unpooled.buffer();
            s.readProtection(9, 3, back);
            assertEquals(-1L, back.getLong(0));
            assertEquals(pi.getLong(0), back.getLong(8));
            assertEquals(pi.getLong(8), back.getLong(16));
        }
        assertEquals(12 * 8, Files.size(ProtectionFile.defaultOf(data)), "8 bytes per block, sparse up to the last");
    }

    @Test
    void onlyTypesOneToThree() {
        assertThrows(IllegalArgumentException.class, () -> ProtectionFile.open(dir.resolve("x.dif"), 4, false));
    }
}
