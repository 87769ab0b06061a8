package io.quiver.transport.fcoe.impl.port;

import io.netty.buffer.ByteBuf;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Writes Ethernet frames to a classic pcap file (link type 1), for debugging and for checking the frames with
 * an independent dissector ({@code tshark -r FILE}). Thread-safe; each frame is one write under a lock.
 */
public final class PcapWriter implements AutoCloseable {

    private final FileChannel file;

    public PcapWriter(Path path) throws IOException {
        file = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING);
        ByteBuffer header = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN);
        header.putInt(0xA1B2C3D4).putShort((short) 2).putShort((short) 4).putInt(0).putInt(0).putInt(65535).putInt(1);
        file.write(header.flip());
    }

    /** Appends the frame's readable bytes (not consumed). I/O errors are ignored: capture is best effort. */
    public synchronized void write(ByteBuf frame) {
        long now = System.currentTimeMillis();
        int length = frame.readableBytes();
        ByteBuffer record = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
        record.putInt((int) (now / 1000)).putInt((int) (now % 1000) * 1000).putInt(length).putInt(length);
        try {
            file.write(new ByteBuffer[] {record.flip(), frame.nioBuffer(frame.readerIndex(), length)});
        } catch (IOException e) {
            // a full disk must not stop the target
        }
    }

    @Override
    public synchronized void close() throws IOException {
        file.close();
    }
}
