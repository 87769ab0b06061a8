package io.quiver.linux;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import io.quiver.linux.impl.Native;
import io.quiver.linux.impl.Native.Scratch;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.invoke.MethodHandle;
import java.nio.ByteBuffer;

/**
 * File calls the JDK does not offer: {@code open}/{@code close} of a raw descriptor,
 * {@code preadv2}/{@code pwritev2} with per-call flags (and a gathering {@code pwritev2}) ({@link #RWF_NOWAIT}, {@link #RWF_DSYNC}),
 * {@code fallocate} (punch hole, zero range), {@code lseek} ({@link #SEEK_DATA}, {@link #SEEK_HOLE}) and
 * {@code posix_fadvise}. Stateless and thread-safe; each call allocates nothing on the Java heap.
 */
public final class FileIo {

    public static final int O_RDONLY = 0;
    public static final int O_WRONLY = 1;
    public static final int O_RDWR = 2;
    public static final int O_CREAT = 0100;
    public static final int O_DIRECT = 040000;
    public static final int O_CLOEXEC = 02000000;

    public static final int RWF_HIPRI = 1;
    public static final int RWF_DSYNC = 2;
    public static final int RWF_SYNC = 4;
    public static final int RWF_NOWAIT = 8;

    public static final int FALLOC_FL_KEEP_SIZE = 1;
    public static final int FALLOC_FL_PUNCH_HOLE = 2;
    public static final int FALLOC_FL_ZERO_RANGE = 0x10;

    public static final int SEEK_SET = 0;
    public static final int SEEK_DATA = 3;
    public static final int SEEK_HOLE = 4;

    public static final int POSIX_FADV_WILLNEED = 3;
    public static final int POSIX_FADV_DONTNEED = 4;

    /** {@code struct iovec} of {@code <sys/uio.h>}. */
    public static final StructLayout IOVEC = MemoryLayout.structLayout(
            ADDRESS.withName("iov_base"), JAVA_LONG.withName("iov_len")).withName("iovec");

    private static final MethodHandle OPEN = Native.libc("open",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT), Linker.Option.firstVariadicArg(2));
    private static final MethodHandle CLOSE = Native.libc("close", FunctionDescriptor.of(JAVA_INT, JAVA_INT));
    private static final FunctionDescriptor RW_V2 =
            FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_INT, JAVA_LONG, JAVA_INT);
    private static final MethodHandle PREADV2 = Native.libc("preadv2", RW_V2);
    private static final MethodHandle PWRITEV2 = Native.libc("pwritev2", RW_V2);
    private static final MethodHandle FALLOCATE = Native.libc("fallocate",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_LONG, JAVA_LONG));
    private static final MethodHandle LSEEK = Native.libc("lseek",
            FunctionDescriptor.of(JAVA_LONG, JAVA_INT, JAVA_LONG, JAVA_INT));
    private static final MethodHandle FADVISE = Native.libc("posix_fadvise",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_LONG, JAVA_LONG, JAVA_INT));

    private static final MethodHandle POLL = Native.libc("poll",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT));

    private FileIo() {
    }

    /**
     * {@code poll} on one descriptor for {@code events} (POLLIN is 1): whether one came within
     * {@code timeoutMillis}; an interrupted wait (EINTR) counts as none, so callers simply loop.
     */
    public static boolean poll(int fd, short events, int timeoutMillis) throws LinuxException {
        Scratch s = Native.scratch();
        s.pollfd.set(JAVA_INT, 0, fd);
        s.pollfd.set(JAVA_SHORT, 4, events);
        s.pollfd.set(JAVA_SHORT, 6, (short) 0);
        int rc;
        try {
            rc = (int) POLL.invokeExact(s.state, s.pollfd, 1L, timeoutMillis);
        } catch (Throwable t) {
            throw Native.linkageFailure(t);
        }
        if (rc == -1 && Native.errno(s) == Errno.EINTR) {
            return false;
        }
        return Native.check(rc, s, "poll") > 0;
    }

    /** {@code open(path, flags, mode)}: a raw descriptor the caller must {@link #close}. */
    public static int open(String path, int flags, int mode) throws LinuxException {
        try (Arena arena = Arena.ofConfined()) {
            Scratch s = Native.scratch();
            int fd = (int) OPEN.invokeExact(s.state, arena.allocateFrom(path), flags, mode);
            return Native.check(fd, s, "open(" + path + ")");
        } catch (LinuxException e) {
            throw e;
        } catch (Throwable t) {
            throw Native.linkageFailure(t);
        }
    }

    /** {@code close(fd)}. */
    public static void close(int fd) throws LinuxException {
        Scratch s = Native.scratch();
        int rc;
        try {
            rc = (int) CLOSE.invokeExact(s.state, fd);
        } catch (Throwable t) {
            throw Native.linkageFailure(t);
        }
        Native.check(rc, s, "close");
    }

    /**
     * {@code preadv2} into one native buffer: the bytes read (0 at the end of the file), or
     * {@code -Errno.EAGAIN} when {@code flags} has {@link #RWF_NOWAIT} and the data is not in the page cache
     * (the caller then reads on a thread that may block). Every other failure throws.
     */
    public static long preadv2(int fd, MemorySegment buffer, long offset, int flags) throws LinuxException {
        return vectored(PREADV2, "preadv2", fd, buffer, offset, flags);
    }

    /** {@code pwritev2} from one native buffer; as {@link #preadv2} for the result and errors. */
    public static long pwritev2(int fd, MemorySegment buffer, long offset, int flags) throws LinuxException {
        return vectored(PWRITEV2, "pwritev2", fd, buffer, offset, flags);
    }

    /** How many buffers one {@link #pwritev2(int, ByteBuffer[], int, long, int)} call gathers at most. */
    public static final int GATHER_MAX = Scratch.IOVECS;

    /**
     * {@code pwritev2} gathering the remaining bytes of {@code views[from]}, {@code views[from + 1]}, ... (at most
     * {@link #GATHER_MAX} of them; direct buffers only) at {@code offset}: one system call for a command whose
     * data arrived in many buffers. Returns the bytes written, which may be fewer than the views hold; the
     * views' positions do not move. As {@link #preadv2} for {@code RWF_NOWAIT} and errors.
     */
    public static long pwritev2(int fd, ByteBuffer[] views, int from, long offset, int flags) throws LinuxException {
        Scratch s = Native.scratch();
        MemorySegment iov = s.iovecs;
        int count = Math.min(views.length - from, GATHER_MAX);
        for (int i = 0; i < count; i++) {
            ByteBuffer v = views[from + i];
            if (!v.isDirect()) {
                throw new IllegalArgumentException("the kernel reads and writes native memory only, not " + v);
            }
            iov.set(JAVA_LONG, i * 16L, MemorySegment.ofBuffer(v).address());
            iov.set(JAVA_LONG, i * 16L + 8, v.remaining());
        }
        long n;
        try {
            n = (long) PWRITEV2.invokeExact(s.state, fd, iov, count, offset, flags);
        } catch (Throwable t) {
            throw Native.linkageFailure(t);
        }
        return result(n, s, "pwritev2", flags);
    }

    /** {@code fallocate(fd, mode, offset, length)}: {@link #FALLOC_FL_PUNCH_HOLE} needs {@link #FALLOC_FL_KEEP_SIZE}. */
    public static void fallocate(int fd, int mode, long offset, long length) throws LinuxException {
        Scratch s = Native.scratch();
        int rc;
        try {
            rc = (int) FALLOCATE.invokeExact(s.state, fd, mode, offset, length);
        } catch (Throwable t) {
            throw Native.linkageFailure(t);
        }
        if (rc == -1) {
            throw new LinuxException("fallocate(mode 0x" + Integer.toHexString(mode) + ", " + offset + ", "
                    + length + ")", Native.errno(s));
        }
    }

    /**
     * {@code lseek(fd, offset, whence)}: the new offset, or -1 for {@link #SEEK_DATA} when only holes follow
     * {@code offset} (ENXIO); every other failure throws.
     */
    public static long lseek(int fd, long offset, int whence) throws LinuxException {
        Scratch s = Native.scratch();
        long rc;
        try {
            rc = (long) LSEEK.invokeExact(s.state, fd, offset, whence);
        } catch (Throwable t) {
            throw Native.linkageFailure(t);
        }
        if (rc == -1 && !(whence == SEEK_DATA && Native.errno(s) == Errno.ENXIO)) {
            throw new LinuxException("lseek(" + offset + ", whence " + whence + ")", Native.errno(s));
        }
        return rc;
    }

    /** {@code posix_fadvise(fd, offset, length, advice)} ({@link #POSIX_FADV_DONTNEED} drops clean pages). */
    public static void fadvise(int fd, long offset, long length, int advice) throws LinuxException {
        int rc;
        try {
            rc = (int) FADVISE.invokeExact(Native.scratch().state, fd, offset, length, advice);
        } catch (Throwable t) {
            throw Native.linkageFailure(t);
        }
        if (rc != 0) {
            throw new LinuxException("posix_fadvise(advice " + advice + ")", rc); // returns the error number
        }
    }

    /** preadv2 or pwritev2 ({@code call}, a constant where this is inlined) with the thread's one iovec. */
    private static long vectored(MethodHandle call, String name, int fd, MemorySegment buffer, long offset,
            int flags) throws LinuxException {
        if (!buffer.isNative()) {
            throw new IllegalArgumentException("the kernel reads and writes native memory only, not " + buffer);
        }
        Scratch s = Native.scratch();
        MemorySegment iov = s.iovec;
        iov.set(JAVA_LONG, 0, buffer.address());
        iov.set(JAVA_LONG, 8, buffer.byteSize());
        long n;
        try {
            n = (long) call.invokeExact(s.state, fd, iov, 1, offset, flags);
        } catch (Throwable t) {
            throw Native.linkageFailure(t);
        }
        return result(n, s, name, flags);
    }

    /** A read or write's result: {@code n}, {@code -EAGAIN} for {@code RWF_NOWAIT}, or the failure thrown. */
    private static long result(long n, Scratch s, String name, int flags) throws LinuxException {
        if (n != -1) {
            return n;
        }
        int errno = Native.errno(s);
        if (errno == Errno.EAGAIN && (flags & RWF_NOWAIT) != 0) {
            return -Errno.EAGAIN;
        }
        throw new LinuxException(name, errno);
    }
}
