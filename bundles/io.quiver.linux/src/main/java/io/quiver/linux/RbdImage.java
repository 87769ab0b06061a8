package io.quiver.linux;

import static io.quiver.linux.Rados.call;
import static io.quiver.linux.Rados.check;
import static io.quiver.linux.Rados.invoke;
import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import io.quiver.linux.impl.Native;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * An open RBD image ({@code rbd_image_t}) and librbd's asynchronous I/O on it: each call submits an
 * {@code rbd_aio_*} request whose buffer is the caller's native memory (no copy in Java) and returns a
 * {@link Completion} to {@link Completion#await() await}; several may be in flight at once. Errors are
 * {@link LinuxException}s with librbd's negative return value as errno.
 *
 * <p>Threading: librbd's image handle is thread-safe for I/O; any thread may submit. {@code await} blocks
 * the calling thread (it waits on librbd's completion), so callers run it on their own I/O threads, never
 * on an event loop. Buffers must stay valid until their completion has been awaited. {@link #close()} once,
 * after every completion has been awaited.
 */
public final class RbdImage implements AutoCloseable {

    /** A submitted request; {@link #await()} exactly once (it releases librbd's completion). */
    public final class Completion {
        private final MemorySegment completion;
        private final String call;

        private Completion(MemorySegment completion, String call) {
            this.completion = completion;
            this.call = call;
        }

        /**
         * Waits for the request and returns its non-negative result (bytes for a read, 0 otherwise).
         *
         * @throws LinuxException when librbd completed it with an error ({@code EILSEQ}: compare mismatch)
         */
        public long await() throws LinuxException {
            try {
                invoke(lib.waitForComplete, completion);
                long rc = returnValue();
                if (rc < 0) {
                    throw new LinuxException(call, (int) -rc);
                }
                return rc;
            } finally {
                invoke(lib.release, completion);
            }
        }

        private long returnValue() {
            try {
                return (long) lib.getReturnValue.invokeExact(NativeLibrary.errnoState(), completion);
            } catch (Throwable t) {
                throw Native.linkageFailure(t);
            }
        }
    }

    /** The extents {@link #allocated} reports, in ascending order. */
    @FunctionalInterface
    public interface Extents {
        /** One extent of {@code length} bytes at {@code offset}, written or not; false to stop. */
        boolean extent(long offset, long length, boolean exists);
    }

    private final Librbd lib;
    private final MemorySegment ioctx;
    private final MemorySegment image;
    private final String name;
    private boolean closed;

    RbdImage(Librbd lib, MemorySegment ioctx, MemorySegment image, String name) {
        this.lib = lib;
        this.ioctx = ioctx;
        this.image = image;
        this.name = name;
    }

    /** pool/image, for messages. */
    public String name() {
        return name;
    }

    /** The image's size in bytes now (librbd follows resizes made elsewhere through the header's watch). */
    public long size() throws LinuxException {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment out = a.allocate(JAVA_LONG);
            check(call(lib.getSize, image, out), "rbd_get_size(" + name + ")");
            return out.get(JAVA_LONG, 0);
        }
    }

    /** Resizes the image to {@code bytes} (a shrink discards the data past it). Blocks. */
    public void resize(long bytes) throws LinuxException {
        check(call(lib.resize, image, bytes), "rbd_resize(" + name + ", " + bytes + ")");
    }

    /**
     * rbd_diff_iterate2 against the image's beginning (no snapshot, the parent's data included, not whole
     * objects): the written extents within {@code length} bytes at {@code offset}, in ascending order, until
     * {@code visitor} returns false. Without {@code fast-diff}, an object's extent runs from its start to its
     * size (RADOS lists no holes inside an object); an object that does not exist is not reported. Blocks
     * (it lists the objects' snapshots in the cluster) and may call {@code visitor} on librbd's threads; a
     * throwable from it is rethrown here.
     */
    public void allocated(long offset, long length, Extents visitor) throws LinuxException {
        RbdDiff.iterate(lib, image, name, offset, length, visitor);
    }

    /** rbd_aio_read of {@code buf.byteSize()} bytes at {@code offset} into {@code buf} (native memory). */
    public Completion read(long offset, MemorySegment buf) throws LinuxException {
        MemorySegment c = completion();
        return submitted(c, "rbd_aio_read(" + name + ")",
                call(lib.aioRead, image, offset, buf.byteSize(), buf, c));
    }

    /** rbd_aio_write of all of {@code buf} (native memory) at {@code offset}. */
    public Completion write(long offset, MemorySegment buf) throws LinuxException {
        MemorySegment c = completion();
        return submitted(c, "rbd_aio_write(" + name + ")",
                call(lib.aioWrite, image, offset, buf.byteSize(), buf, c));
    }

    /** rbd_aio_flush: every write completed before it is durable when it completes. */
    public Completion flush() throws LinuxException {
        MemorySegment c = completion();
        return submitted(c, "rbd_aio_flush(" + name + ")", call(lib.aioFlush, image, c));
    }

    /** rbd_aio_discard: deallocates; the range reads back as zeros afterwards. */
    public Completion discard(long offset, long length) throws LinuxException {
        MemorySegment c = completion();
        return submitted(c, "rbd_aio_discard(" + name + ")", call(lib.aioDiscard, image, offset, length, c));
    }

    /** rbd_aio_write_zeroes: the range reads back as zeros, deallocated where whole objects allow. */
    public Completion writeZeroes(long offset, long length) throws LinuxException {
        MemorySegment c = completion();
        return submitted(c, "rbd_aio_write_zeroes(" + name + ")",
                call(lib.aioWriteZeroes, image, offset, length, c, 0, 0));
    }

    /**
     * rbd_aio_compare_and_write: atomically in the cluster, writes {@code data} at {@code offset} if what is
     * stored there equals {@code compare} (same size). Await the completion, then read
     * {@link #mismatchOffset} if it failed with {@code EILSEQ}.
     *
     * @param mismatch 8 bytes of native memory librbd writes the first mismatching byte's offset into
     */
    public Completion compareAndWrite(long offset, MemorySegment compare, MemorySegment data, MemorySegment mismatch)
            throws LinuxException {
        MemorySegment c = completion();
        return submitted(c, "rbd_aio_compare_and_write(" + name + ")",
                call(lib.aioCompareAndWrite, image, offset, data.byteSize(), compare, data, c, mismatch, 0));
    }

    /**
     * The offset librbd stored in {@code mismatch} after a compare-and-write failed with {@code EILSEQ}. librbd 16
     * (Pacific) maps the offset within the range as an offset within the object: right only for a range that
     * starts an object.
     */
    public static long mismatchOffset(MemorySegment mismatch) {
        return mismatch.get(JAVA_LONG, 0);
    }

    private MemorySegment completion() throws LinuxException {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment out = a.allocate(ADDRESS);
            check(call(lib.createCompletion, MemorySegment.NULL, MemorySegment.NULL, out),
                    "rbd_aio_create_completion(" + name + ")");
            return out.get(ADDRESS, 0);
        }
    }

    private Completion submitted(MemorySegment c, String call, int rc) throws LinuxException {
        if (rc < 0) {
            // never queued: librbd will not complete it, so it is ours to release
            invoke(lib.release, c);
            throw new LinuxException(call, -rc);
        }
        return new Completion(c, call);
    }

    /** Closes the image and its pool context; once only, after every completion was awaited. */
    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            invoke(lib.close, image);
            invoke(lib.ioctxDestroy, ioctx);
        }
    }
}
