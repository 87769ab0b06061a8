package io.quiver.handler.fileio.impl.channel;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32C;

/**
 * A one-record write-ahead journal that makes a file's atomic writes (WRITE ATOMIC (16)) all-or-nothing
 * across a crash of the process or of the host: a sidecar file next to the data ({@code <file>.atomic},
 * created at the first atomic write).
 *
 * <p>One atomic write: (1) the record {@code magic, position, length, CRC32C(position, length, data),
 * data} is written at the journal's start and {@code fdatasync}ed; (2) the data is written in place and
 * the data file {@code fdatasync}ed; (3) the record's magic is zeroed and the journal {@code fdatasync}ed.
 * A crash before (1) is durable leaves the old blocks (the in-place write has not begun) and a record
 * whose CRC does not match or whose magic is missing; a crash after leaves a complete record, which
 * {@link #replay} writes in place again on the next open (writing the same bytes twice is harmless), so
 * the blocks end all new. Step (3) is durable before the write completes, so a replay never rolls back a
 * later write to the same blocks.
 *
 * <p>Thread-safe: atomic writes are serialized on the journal (there is one record slot).
 */
public final class AtomicJournal implements Closeable {

    /** "QVATOMIC". */
    static final long MAGIC = 0x5156_4154_4F4D_4943L;
    static final int HEADER_BYTES = 24;

    private final Path path;
    private final FileChannel data;
    private final ChannelTransfer transfer;
    private FileChannel journal;
    private long replayed;

    private AtomicJournal(Path path, FileChannel data, ChannelTransfer transfer) {
        this.path = path;
        this.data = data;
        this.transfer = transfer;
    }

    /** The journal file of a data file. */
    public static Path journalOf(Path dataFile) {
        return dataFile.resolveSibling(dataFile.getFileName() + ".atomic");
    }

    /**
     * Replays a complete record left in {@code path} by a crash into {@code data} ({@link #replay}), then
     * returns the journal for further atomic writes to {@code data}.
     */
    public static AtomicJournal open(Path path, FileChannel data, int directAlignment) throws IOException {
        AtomicJournal j = new AtomicJournal(path, data, new ChannelTransfer(data, directAlignment));
        j.replayed = j.replay();
        return j;
    }

    /**
     * Writes the record left by a crash, if complete, in place and retires it.
     *
     * @return the number of bytes replayed (0: nothing to replay)
     */
    synchronized long replay() throws IOException {
        if (!Files.exists(path)) {
            return 0;
        }
        FileChannel j = channel();
        long size = j.size();
        if (size < HEADER_BYTES) {
            return 0;
        }
        ByteBuffer header = ByteBuffer.allocate(HEADER_BYTES);
        readFully(j, header, 0);
        header.flip();
        long magic = header.getLong();
        long position = header.getLong();
        int length = header.getInt();
        int crc = header.getInt();
        if (magic != MAGIC || length <= 0 || position < 0 || length > size - HEADER_BYTES) {
            return 0;
        }
        ByteBuffer body = ByteBuffer.allocateDirect(length);
        readFully(j, body, HEADER_BYTES);
        body.flip();
        if (crc(position, length, body.duplicate()) != crc) {
            retire(); // the record itself was torn: the in-place write never began
            return 0;
        }
        transfer.write(position, Unpooled.wrappedBuffer(body));
        data.force(false);
        retire();
        return length;
    }

    /** Bytes the opening {@link #replay} wrote in place (0: no complete record was left). */
    public synchronized long replayedBytes() {
        return replayed;
    }

    /** Writes all readable bytes of {@code src} at byte {@code position} of the data file, atomically. */
    public synchronized void write(long position, ByteBuf src) throws IOException {
        int length = src.readableBytes();
        FileChannel j = channel();
        ByteBuffer record = ByteBuffer.allocateDirect(HEADER_BYTES + length);
        record.putLong(MAGIC).putLong(position).putInt(length);
        ByteBuffer body = record.duplicate().position(HEADER_BYTES);
        src.getBytes(src.readerIndex(), body);
        record.putInt(crc(position, length, record.duplicate().position(HEADER_BYTES).limit(HEADER_BYTES + length)));
        record.clear();
        while (record.hasRemaining()) {
            j.write(record, record.position());
        }
        j.force(false);
        transfer.write(position, src);
        data.force(false);
        retire();
    }

    private void retire() throws IOException {
        ByteBuffer zero = ByteBuffer.allocate(8);
        while (zero.hasRemaining()) {
            journal.write(zero, zero.position());
        }
        journal.force(false);
    }

    private FileChannel channel() throws IOException {
        if (journal == null) {
            journal = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
        }
        return journal;
    }

    private static int crc(long position, int length, ByteBuffer body) {
        CRC32C c = new CRC32C();
        c.update(ByteBuffer.allocate(12).putLong(position).putInt(length).flip());
        c.update(body);
        return (int) c.getValue();
    }

    private static void readFully(FileChannel ch, ByteBuffer dst, long position) throws IOException {
        long at = position;
        while (dst.hasRemaining()) {
            int n = ch.read(dst, at);
            if (n < 0) {
                throw new IOException("journal ends early");
            }
            at += n;
        }
    }

    @Override
    public synchronized void close() throws IOException {
        if (journal != null) {
            journal.close();
        }
    }
}
