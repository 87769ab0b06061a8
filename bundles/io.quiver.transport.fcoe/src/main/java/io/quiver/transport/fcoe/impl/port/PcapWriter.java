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
 * an independent dissector ({@code tshark -r FILE}). A file that already holds such a capture is continued, so
 * one file covers a target across restarts (a changed attribute, the driver stopped and started again); any
 * other file is overwritten. Thread-safe; each frame is one write under a lock.
 */
public final class PcapWriter implements AutoCloseable {

    private static final int HEADER = 24;
    private final FileChannel file;

    public PcapWriter(Path path) throws IOException {
        file = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        ByteBuffer header = ByteBuffer.allocate(HEADER).order(ByteOrder.LITTLE_ENDIAN);
        header.putInt(0xA1B2C3D4).putShort((short) 2).putShort((short) 4).putInt(0).putInt(0).putInt(65535).putInt(1);
        header.flip();
        ByteBuffer existing = ByteBuffer.allocate(HEADER);
        while (existing.hasRemaining() && file.read(existing) > 0) {
            // the whole header, or as much as there is
        }
        if (existing.flip().equals(header)) {
            file.position(file.size()); // a record cut short by a crash stays cut: the dissector reports it
        } else {
            file.truncate(0);
            file.write(header, 0);
            file.position(HEADER);
        }
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
