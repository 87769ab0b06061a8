package io.quiver.linux;

import io.quiver.linux.impl.Native;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;

/**
 * An optional shared library found the way {@code dlopen} finds it (libibverbs.so.1, librdmacm.so.1),
 * loaded for the life of this object, with its functions as downcall handles that capture errno like
 * the rest of this layer. A missing library or function is a {@link MissingLibraryException} that says
 * which and what to install, never an UnsatisfiedLinkError at some later call. Thread-safe.
 */
public final class NativeLibrary implements AutoCloseable {

    private final String name;
    private final Arena arena;
    private final SymbolLookup lookup;

    private NativeLibrary(String name, Arena arena, SymbolLookup lookup) {
        this.name = name;
        this.arena = arena;
        this.lookup = lookup;
    }

    /** A library that is not installed, or lacks a function: its message names both and the remedy. */
    public static final class MissingLibraryException extends Exception {
        private static final long serialVersionUID = 1L;

        MissingLibraryException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /**
     * Loads {@code soname}; {@code packageHint} (e.g. "libibverbs1 (rdma-core)") goes into the error.
     *
     * @throws MissingLibraryException when the dynamic loader cannot find or load it
     */
    @SuppressWarnings("restricted") // loading a library is the point; the JVM runs with native access
    public static NativeLibrary open(String soname, String packageHint) throws MissingLibraryException {
        Arena arena = Arena.ofShared();
        try {
            return new NativeLibrary(soname, arena, SymbolLookup.libraryLookup(soname, arena));
        } catch (IllegalArgumentException e) {
            arena.close();
            throw new MissingLibraryException(soname + " is not installed or cannot be loaded (install "
                    + packageHint + "): " + e.getMessage(), e);
        }
    }

    /** The library's name as given to {@link #open}. */
    public String name() {
        return name;
    }

    /** The address of function or variable {@code symbol}. */
    public MemorySegment find(String symbol) throws MissingLibraryException {
        return lookup.find(symbol).orElseThrow(() -> new MissingLibraryException(
                name + " has no symbol " + symbol + " (too old a version?)", null));
    }

    /** A downcall handle to {@code symbol}; its first parameter is the errno capture segment. */
    public MethodHandle function(String symbol, FunctionDescriptor descriptor, Linker.Option... options)
            throws MissingLibraryException {
        return Native.link(find(symbol), descriptor, options);
    }

    /**
     * A downcall handle for calling C function pointers of {@code descriptor}'s type (a provider's ops table,
     * such as verbs' {@code ops.post_send}): its first parameter is the function's address, its second the
     * errno capture segment, then the C parameters. One handle serves every address of that type.
     */
    public static MethodHandle functionPointer(FunctionDescriptor descriptor, Linker.Option... options) {
        return Native.linkPointer(descriptor, options);
    }

    /** The errno segment of the calling thread, to pass first to a handle from {@link #function}. */
    public static MemorySegment errnoState() {
        return Native.scratch().state;
    }

    /** The errno captured by the calling thread's last call through a handle of this layer. */
    public static int lastErrno() {
        return Native.errno(Native.scratch());
    }

    /** Unloads the library (dlclose); handles from it must not be called afterwards. */
    @Override
    public void close() {
        arena.close();
    }
}
