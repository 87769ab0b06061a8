package io.quiver.linux;

import static io.quiver.linux.Rados.call;
import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code rbd_diff_iterate2} with a Java callback: one upcall stub for the whole class loader, made at the
 * first call and reused by every iteration; each call registers its {@link RbdImage.Extents} under a number
 * that travels as the callback's {@code void *arg}, so one stub serves any number of concurrent calls.
 *
 * <p>The stub lives in an automatic arena held by a static field: it is freed only when this class (and
 * with it every caller) is unreachable, and librbd, which is never unloaded (see {@link Librbd#get}), calls
 * it only while an {@code rbd_diff_iterate2} is running, because that call waits for all its object requests
 * before it returns. The callback never lets a throwable unwind into librbd (the JVM would abort): it stops
 * the iteration instead, and the throwable is rethrown on the caller's thread once librbd has returned.
 *
 * <p>Threading: librbd calls back on its own threads (a librados completion) or on the caller's, one
 * extent at a time and in ascending order (its throttle completes object requests in order); the visitor is
 * called under the iteration's monitor, so what it records is visible to the caller afterwards.
 */
final class RbdDiff {

    /** Returned to librbd to stop; librbd hands the first negative value back as the call's result. */
    private static final int ECANCELED = 125;
    private static final Map<Long, Iteration> RUNNING = new ConcurrentHashMap<>();
    private static final AtomicLong IDS = new AtomicLong();
    private static final MemorySegment CALLBACK = stub();

    private RbdDiff() {
    }

    private static final class Iteration {
        final RbdImage.Extents visitor;
        boolean stopped;
        Throwable failure;

        Iteration(RbdImage.Extents visitor) {
            this.visitor = visitor;
        }
    }

    /** rbd_diff_iterate2 from the image's beginning (no snapshot), parent included, extent by extent. */
    static void iterate(Librbd lib, MemorySegment image, String name, long offset, long length,
            RbdImage.Extents visitor) throws LinuxException {
        Iteration it = new Iteration(visitor);
        long id = IDS.incrementAndGet();
        RUNNING.put(id, it);
        int rc;
        try {
            rc = call(lib.diffIterate2, image, MemorySegment.NULL, offset, length, (byte) 1, (byte) 0, CALLBACK,
                    MemorySegment.ofAddress(id));
        } finally {
            RUNNING.remove(id);
        }
        synchronized (it) {
            if (it.failure instanceof RuntimeException r) {
                throw r;
            }
            if (it.failure instanceof Error e) {
                throw e;
            }
            if (it.failure != null) {
                throw new IllegalStateException(it.failure);
            }
            if (rc < 0 && !(rc == -ECANCELED && it.stopped)) {
                throw new LinuxException("rbd_diff_iterate2(" + name + ")", -rc);
            }
        }
    }

    /** The upcall: {@code int cb(uint64_t off, size_t len, int exists, void *arg)}. Never throws. */
    private static int extent(long offset, long length, int exists, MemorySegment arg) {
        Iteration it = RUNNING.get(arg.address());
        if (it == null) {
            return -ECANCELED;
        }
        synchronized (it) {
            if (it.stopped) {
                // librbd still reports the objects already listed after a stop: they are not wanted
                return -ECANCELED;
            }
            try {
                if (it.visitor.extent(offset, length, exists != 0)) {
                    return 0;
                }
            } catch (Throwable t) {
                it.failure = t;
            }
            it.stopped = true;
            return -ECANCELED;
        }
    }

    @SuppressWarnings("restricted") // an upcall stub is native access; the JVM runs with it enabled
    private static MemorySegment stub() {
        try {
            var target = MethodHandles.lookup().findStatic(RbdDiff.class, "extent",
                    MethodType.methodType(int.class, long.class, long.class, int.class, MemorySegment.class));
            return Linker.nativeLinker().upcallStub(target,
                    FunctionDescriptor.of(JAVA_INT, JAVA_LONG, JAVA_LONG, JAVA_INT, ADDRESS), Arena.ofAuto());
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
}
