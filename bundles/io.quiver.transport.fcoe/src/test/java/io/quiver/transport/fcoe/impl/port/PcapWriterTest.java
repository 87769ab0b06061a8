package io.quiver.transport.fcoe.impl.port;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The capture file: one header, and a target restarted on the same file continues it instead of wiping it. */
class PcapWriterTest {

    @TempDir
    Path dir;

    @Test
    void aRestartedTargetContinuesItsCapture() throws Exception {
        Path file = dir.resolve("fcst.pcap");
        try (PcapWriter pcap = new PcapWriter(file)) {
            pcap.write(frame(60, 1));
        }
        try (PcapWriter pcap = new PcapWriter(file)) { // the driver stopped and started again
            pcap.write(frame(100, 2));
        }
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(24 + 16 + 60 + 16 + 100, b.remaining(), "one header, both frames");
        assertEquals(0xA1B2C3D4, b.getInt(0));
        assertEquals(60, b.getInt(24 + 8));
        assertEquals(1, b.get(24 + 16));
        assertEquals(100, b.getInt(24 + 16 + 60 + 8));
        assertEquals(2, b.get(24 + 16 + 60 + 16));
    }

    @Test
    void aFileThatIsNoCaptureIsOverwritten() throws Exception {
        Path file = dir.resolve("other");
        Files.writeString(file, "not a pcap file, longer than a pcap header is");
        try (PcapWriter pcap = new PcapWriter(file)) {
            pcap.write(frame(60, 3));
        }
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(24 + 16 + 60, b.remaining());
        assertEquals(0xA1B2C3D4, b.getInt(0));
        assertEquals(3, b.get(24 + 16));
    }

    private static ByteBuf frame(int length, int firstByte) {
        ByteBuf f = Unpooled.buffer(length).writeZero(length);
        f.setByte(0, firstByte);
        return f;
    }
}
