package io.quiver.linux.impl;

import io.quiver.linux.LinuxException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;

/**
 * The one place that links libc functions: every downcall handle built here captures {@code errno} right
 * after the call (before the JVM can run anything that changes it), into a per-thread {@link Scratch}.
 * Handles are built once into {@code static final} fields of the wrappers, so a call through them
 * allocates nothing. Thread-safe; the scratch memory belongs to the calling thread.
 */
public final class Native {

    private static final Linker LINKER = Linker.nativeLinker();
    private static final SymbolLookup LIBC = LINKER.defaultLookup();
    private static final StructLayout CAPTURE = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO = CAPTURE.varHandle(MemoryLayout.PathElement.groupElement("errno"));
    private static final Linker.Option CAPTURE_ERRNO = Linker.Option.captureCallState("errno");
    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    private Native() {
    }

    /**
     * A downcall handle to libc's {@code name}; its first parameter is the errno capture segment
     * ({@link Scratch#state}), then the C parameters of {@code descriptor}.
     */
    public static MethodHandle libc(String name, FunctionDescriptor descriptor, Linker.Option... options) {
        MemorySegment symbol = LIBC.find(name)
                .orElseThrow(() -> new UnsatisfiedLinkError("libc has no function " + name));
        return link(symbol, descriptor, options);
    }

    /** As {@link #libc} for a symbol found elsewhere (an optional library). */
    @SuppressWarnings("restricted") // linking C functions is this bundle's purpose; the JVM runs with native access
    public static MethodHandle link(MemorySegment symbol, FunctionDescriptor descriptor, Linker.Option... options) {
        Linker.Option[] all = new Linker.Option[options.length + 1];
        all[0] = CAPTURE_ERRNO;
        System.arraycopy(options, 0, all, 1, options.length);
        return LINKER.downcallHandle(symbol, descriptor, all);
    }

    /** As {@link #link} for a function pointer passed as the handle's first parameter, before the errno segment. */
    @SuppressWarnings("restricted") // as link
    public static MethodHandle linkPointer(FunctionDescriptor descriptor, Linker.Option... options) {
        Linker.Option[] all = new Linker.Option[options.length + 1];
        all[0] = CAPTURE_ERRNO;
        System.arraycopy(options, 0, all, 1, options.length);
        return LINKER.downcallHandle(descriptor, all);
    }

    /** The calling thread's scratch memory (errno capture, one iovec, one pollfd, one int). */
    public static Scratch scratch() {
        return SCRATCH.get();
    }

    /** The errno captured by the last call made with {@code scratch}. */
    public static int errno(Scratch scratch) {
        return (int) ERRNO.get(scratch.state, 0L);
    }

    /** {@code rc} when it is not -1; otherwise the captured errno as a {@link LinuxException}. */
    public static long check(long rc, Scratch scratch, String call) throws LinuxException {
        if (rc == -1) {
            throw new LinuxException(call, errno(scratch));
        }
        return rc;
    }

    /** {@code rc} when it is not -1; otherwise the captured errno as a {@link LinuxException}. */
    public static int check(int rc, Scratch scratch, String call) throws LinuxException {
        if (rc == -1) {
            throw new LinuxException(call, errno(scratch));
        }
        return rc;
    }

    /** A throwable out of {@code invokeExact} that is not a C error: a bug here, never the caller's. */
    public static IllegalStateException linkageFailure(Throwable t) {
        if (t instanceof RuntimeException r && !(t instanceof IllegalStateException)) {
            throw r;
        }
        if (t instanceof Error e) {
            throw e;
        }
        return new IllegalStateException("native call failed in the JVM", t);
    }

    /**
     * Per-thread native memory for calls that need a few bytes of it: allocated once per thread from an
     * automatic arena (freed when the thread and its ThreadLocal are gone).
     */
    public static final class Scratch {
        /** errno capture state. */
        public final MemorySegment state;
        /** One {@code struct iovec}. */
        public final MemorySegment iovec;
        /** One {@code struct pollfd}. */
        public final MemorySegment pollfd;
        /** One {@code int} (socket option values). */
        public final MemorySegment intValue;
        /** {@value #IOVECS} {@code struct iovec}s, for gathered writes. */
        public final MemorySegment iovecs;
        /** How many {@code struct iovec}s {@link #iovecs} holds. */
        public static final int IOVECS = 64;

        Scratch() {
            MemorySegment all = Arena.ofAuto().allocate(64 + IOVECS * 16, 16);
            state = all.asSlice(0, CAPTURE.byteSize());
            iovec = all.asSlice(16, 16);
            pollfd = all.asSlice(32, 8);
            intValue = all.asSlice(40, 4);
            iovecs = all.asSlice(64, IOVECS * 16);
        }
    }
}
