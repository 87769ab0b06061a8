package io.quiver.linux;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import io.quiver.linux.impl.Native;
import io.quiver.linux.impl.Native.Scratch;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.invoke.MethodHandle;

/**
 * Whole Ethernet frames for {@code sendmmsg(2)} on an AF_PACKET socket: the caller fills one slice of the
 * batch's native memory per frame ({@link #add}), then {@link #send} hands them all to the kernel in order with
 * one system call (more only if the kernel takes part of them), where {@link PacketSocket#send} needs one per
 * frame. Each frame is one message of one {@code iovec}; the messages are laid out once, at construction. The
 * batch owns its memory until {@link #close}. Not thread-safe: one sender at a time.
 */
public final class PacketBatch implements AutoCloseable {

    /** {@code struct msghdr} of {@code <sys/socket.h>}. */
    public static final StructLayout MSGHDR = MemoryLayout.structLayout(
            ADDRESS.withName("msg_name"), JAVA_INT.withName("msg_namelen"), MemoryLayout.paddingLayout(4),
            ADDRESS.withName("msg_iov"), JAVA_LONG.withName("msg_iovlen"),
            ADDRESS.withName("msg_control"), JAVA_LONG.withName("msg_controllen"),
            JAVA_INT.withName("msg_flags"), MemoryLayout.paddingLayout(4)).withName("msghdr");

    /** {@code struct mmsghdr} of {@code <sys/socket.h>}: one message of {@code sendmmsg}. */
    public static final StructLayout MMSGHDR = MemoryLayout.structLayout(
            MSGHDR.withName("msg_hdr"), JAVA_INT.withName("msg_len"), MemoryLayout.paddingLayout(4))
            .withName("mmsghdr");

    /** The most messages one {@code sendmmsg} takes. */
    public static final int UIO_MAXIOV = 1024;

    private static final long MSG_IOV = 16;
    private static final long MSG_IOVLEN = 24;
    private static final MethodHandle SENDMMSG = Native.libc("sendmmsg",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT));

    private final Arena arena = Arena.ofShared();
    private final MemorySegment messages;
    private final MemorySegment iovecs;
    private final MemorySegment data;
    private final int capacity;
    private int count;
    private long used;

    /** A batch of up to {@code frames} frames (at most {@link #UIO_MAXIOV}) of {@code bytes} bytes in all. */
    public PacketBatch(int frames, long bytes) {
        if (frames < 1 || frames > UIO_MAXIOV || bytes < 1) {
            throw new IllegalArgumentException("a batch of " + frames + " frames, " + bytes + " bytes");
        }
        capacity = frames;
        messages = arena.allocate(MMSGHDR, frames);
        iovecs = arena.allocate(FileIo.IOVEC, frames);
        data = arena.allocate(bytes, 64);
        for (int i = 0; i < frames; i++) {
            long m = i * MMSGHDR.byteSize();
            messages.set(ADDRESS, m + MSG_IOV, iovecs.asSlice(i * FileIo.IOVEC.byteSize()));
            messages.set(JAVA_LONG, m + MSG_IOVLEN, 1L);
        }
    }

    /**
     * The native memory of the next frame, {@code length} bytes for the caller to fill before {@link #send}:
     * null if the batch holds {@code frames} frames already or has fewer bytes left.
     */
    public MemorySegment add(int length) {
        if (count == capacity || length < 1 || used + length > data.byteSize()) {
            return null;
        }
        MemorySegment frame = data.asSlice(used, length);
        long iov = count * FileIo.IOVEC.byteSize();
        iovecs.set(ADDRESS, iov, frame);
        iovecs.set(JAVA_LONG, iov + 8, (long) length);
        used = (used + length + 63) & ~63L; // each frame on its own cache lines
        count++;
        return frame;
    }

    /** Frames added since the last {@link #send}. */
    public int size() {
        return count;
    }

    /**
     * Sends every frame added, in order, on {@code socket}, and empties the batch. A frame the kernel refuses
     * (EMSGSIZE beyond the MTU...) is skipped and the later ones still go; then the first refusal is thrown.
     * Returns the frames sent. Blocks like {@code send} while the socket's send buffer is full.
     */
    public int send(PacketSocket socket) throws LinuxException {
        int total = count;
        int sent = 0;
        int refused = 0;
        int firstErrno = 0;
        int firstAt = 0;
        try {
            for (int at = 0; at < total; ) {
                Scratch s = Native.scratch();
                int n;
                try {
                    n = (int) SENDMMSG.invokeExact(s.state, socket.fd(), messages.asSlice(at * MMSGHDR.byteSize()),
                            total - at, 0);
                } catch (Throwable t) {
                    throw Native.linkageFailure(t);
                }
                if (n > 0) {
                    at += n;
                    sent += n;
                } else if (n < 0 && Native.errno(s) == Errno.EINTR) {
                    continue;
                } else {
                    if (refused++ == 0) {
                        firstErrno = n < 0 ? Native.errno(s) : Errno.EIO;
                        firstAt = at;
                    }
                    at++; // the kernel stops at the frame it refuses: go on after it
                }
            }
        } finally {
            count = 0;
            used = 0;
        }
        if (refused > 0) {
            throw new LinuxException("sendmmsg(" + refused + " of " + total + " frames refused, the first frame "
                    + firstAt + ")", firstErrno);
        }
        return sent;
    }

    /** Frees the batch's memory. */
    @Override
    public void close() {
        arena.close();
    }
}
