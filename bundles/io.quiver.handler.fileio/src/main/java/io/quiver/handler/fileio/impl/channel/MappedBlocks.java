package io.quiver.handler.fileio.impl.channel;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.IOException;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.util.Arrays;

/**
 * A file in memory (tmpfs, ramfs) lent to READs as read-only views of a shared mapping of it, so that a READ's
 * data goes from the file's pages to the socket with one copy, the kernel's, and no device thread: reading it
 * into a buffer first was a second copy of every byte, and a hand-off to a device thread and back for anything
 * over 64 KiB. The SBC command set holds a lent range against writers until the transport releases the view.
 *
 * <p>Mapped in windows of 1 GiB ({@value #WINDOW_SHIFT} bits: a {@link MappedByteBuffer} holds less than 2 GiB),
 * each when first read; a window shorter than a read needs (the file grew) is mapped again. A range across two
 * windows, or past the file's end, is not lent. The JDK unmaps a window once neither it nor a view of it is
 * reachable, so a view stays valid while a transport holds it, even after the store is closed. Mapping costs
 * no memory (the pages are the file's), but the pages a process touched count in its RSS ({@code RssShmem}).
 *
 * <p>Thread-safe: windows are published through a volatile array, mapped under this object's lock.
 */
public final class MappedBlocks {

    /** log2 of a window's size. */
    static final int WINDOW_SHIFT = 30;

    private final FileChannel channel;
    private volatile MappedByteBuffer[] windows = new MappedByteBuffer[0];

    /** Lends views of {@code channel}'s file, which must be open for reading and stays owned by its caller. */
    public MappedBlocks(FileChannel channel) {
        this.channel = channel;
    }

    /**
     * A read-only buffer over {@code length} bytes at {@code offset} (released by the caller; releasing frees
     * nothing), or {@code null} when they span two windows or lie past the end of the file.
     */
    public ByteBuf lend(long offset, int length) throws IOException {
        int w = (int) (offset >>> WINDOW_SHIFT);
        if (length <= 0 || (offset + length - 1) >>> WINDOW_SHIFT != w) {
            return null;
        }
        int from = (int) (offset - ((long) w << WINDOW_SHIFT));
        MappedByteBuffer window = window(w, from + length);
        return window == null ? null : Unpooled.wrappedBuffer(window.slice(from, length));
    }

    /** Window {@code w}, mapped (again) if it holds fewer than {@code needed} bytes; null if the file is shorter. */
    private MappedByteBuffer window(int w, int needed) throws IOException {
        MappedByteBuffer[] ws = windows;
        if (w < ws.length && ws[w] != null && ws[w].capacity() >= needed) {
            return ws[w];
        }
        synchronized (this) {
            ws = windows;
            if (w < ws.length && ws[w] != null && ws[w].capacity() >= needed) {
                return ws[w];
            }
            long start = (long) w << WINDOW_SHIFT;
            long size = Math.min(1L << WINDOW_SHIFT, channel.size() - start);
            if (size < needed) {
                return null;
            }
            MappedByteBuffer mapped = channel.map(FileChannel.MapMode.READ_ONLY, start, size);
            MappedByteBuffer[] grown = Arrays.copyOf(ws, Math.max(ws.length, w + 1));
            grown[w] = mapped;
            windows = grown;
            return mapped;
        }
    }
}
