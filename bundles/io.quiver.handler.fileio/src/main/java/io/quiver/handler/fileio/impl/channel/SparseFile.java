package io.quiver.handler.fileio.impl.channel;

import java.io.IOException;
import java.lang.invoke.MethodHandle;
import java.lang.reflect.Array;
import java.lang.reflect.Method;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Deallocation and hole finding in a regular file: {@code fallocate(FALLOC_FL_PUNCH_HOLE |
 * FALLOC_FL_KEEP_SIZE)} for UNMAP and {@code lseek(SEEK_DATA / SEEK_HOLE)} for GET LBA STATUS, on a
 * descriptor of its own. Java has no API for either; they are called through the Foreign Function &amp;
 * Memory API, final since Java 22 and reached reflectively here because the bundle is compiled for Java
 * 17. On Java 17 to 21 {@link #available()} is {@code false} and thin provisioning is refused with a
 * message; writing zeros instead would claim a deallocation that never happened. On Java 22+ the JVM
 * warns once about the restricted call unless it runs with {@code --enable-native-access=ALL-UNNAMED}.
 *
 * <p>Thread-safe: {@code fallocate} is positional, and each {@code lseek} returns its own answer even when
 * calls race on the descriptor's offset (which nothing else uses).
 */
public final class SparseFile implements AutoCloseable {

    private static final int O_RDWR = 2;
    private static final int O_CLOEXEC = 02000000;
    private static final int FALLOC_FL_KEEP_SIZE = 1;
    private static final int FALLOC_FL_PUNCH_HOLE = 2;
    private static final int SEEK_DATA = 3;
    private static final int SEEK_HOLE = 4;

    private static final Native NATIVE = Native.load();

    private final Path file;
    private final int fd;

    private SparseFile(Path file, int fd) {
        this.file = file;
        this.fd = fd;
    }

    /** Whether this JVM can punch and find holes (Java 22+ on Linux). */
    public static boolean available() {
        return NATIVE != null;
    }

    /**
     * Opens {@code file} for hole punching and checks that its file system can punch holes.
     *
     * @throws IllegalArgumentException naming {@code thin_provisioned} if this JVM or file system cannot
     */
    public static SparseFile open(Path file, long probeOffset) throws IOException {
        if (NATIVE == null) {
            throw new IllegalArgumentException("thin_provisioned: deallocating part of a file needs "
                    + "fallocate(FALLOC_FL_PUNCH_HOLE), which Java " + Runtime.version().feature()
                    + " cannot call without native code (Java 22+ can); set thin_provisioned to false");
        }
        int fd = NATIVE.open(file.toString(), O_RDWR | O_CLOEXEC);
        if (fd < 0) {
            throw new IOException("cannot open " + file + " for hole punching");
        }
        SparseFile f = new SparseFile(file, fd);
        // Punching past the data touches nothing and fails only where the file system cannot punch holes.
        if (NATIVE.fallocate(fd, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE, probeOffset, 4096) != 0) {
            f.close();
            throw new IllegalArgumentException("thin_provisioned: the file system of " + file
                    + " cannot punch holes (fallocate PUNCH_HOLE failed)");
        }
        return f;
    }

    /** Deallocates {@code length} bytes at {@code offset}; they read back as zeros. */
    public void punchHole(long offset, long length) throws IOException {
        if (NATIVE.fallocate(fd, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE, offset, length) != 0) {
            throw new IOException("fallocate(PUNCH_HOLE) failed on " + file + " at " + offset + "+" + length);
        }
    }

    /** The first data offset at or after {@code offset}, or -1 if only holes follow. */
    public long nextData(long offset) {
        return NATIVE.lseek(fd, offset, SEEK_DATA);
    }

    /** The first hole offset at or after {@code offset} (the end of the file is one). */
    public long nextHole(long offset) throws IOException {
        long hole = NATIVE.lseek(fd, offset, SEEK_HOLE);
        if (hole < 0) {
            throw new IOException("lseek(SEEK_HOLE) failed on " + file + " at " + offset);
        }
        return hole;
    }

    @Override
    public void close() {
        NATIVE.close(fd);
    }

    /** The four libc functions as method handles, built through java.lang.foreign by reflection. */
    private record Native(MethodHandle open, MethodHandle fallocate, MethodHandle lseek, MethodHandle close,
            Method arenaFactory) {

        static Native load() {
            if (Runtime.version().feature() < 22) {
                return null;
            }
            try {
                Class<?> linkerC = Class.forName("java.lang.foreign.Linker");
                Class<?> layoutC = Class.forName("java.lang.foreign.MemoryLayout");
                Class<?> valueC = Class.forName("java.lang.foreign.ValueLayout");
                Class<?> descC = Class.forName("java.lang.foreign.FunctionDescriptor");
                Class<?> segmentC = Class.forName("java.lang.foreign.MemorySegment");
                Class<?> optionC = Class.forName("java.lang.foreign.Linker$Option");
                Object linker = linkerC.getMethod("nativeLinker").invoke(null);
                Object lookup = linkerC.getMethod("defaultLookup").invoke(linker);
                Method find = Class.forName("java.lang.foreign.SymbolLookup").getMethod("find", String.class);
                Object i = valueC.getField("JAVA_INT").get(null);
                Object l = valueC.getField("JAVA_LONG").get(null);
                Object a = valueC.getField("ADDRESS").get(null);
                Method of = descC.getMethod("of", layoutC, layoutC.arrayType());
                Method downcall = linkerC.getMethod("downcallHandle", segmentC, descC, optionC.arrayType());
                Object noOptions = Array.newInstance(optionC, 0);
                MethodHandle[] handles = new MethodHandle[4];
                String[] names = {"open", "fallocate", "lseek", "close"};
                Object[][] signatures = {{i, a, i}, {i, i, i, l, l}, {l, i, l, i}, {i, i}};
                for (int k = 0; k < names.length; k++) {
                    Optional<?> symbol = (Optional<?>) find.invoke(lookup, names[k]);
                    if (symbol.isEmpty()) {
                        return null;
                    }
                    Object[] args = (Object[]) Array.newInstance(layoutC, signatures[k].length - 1);
                    System.arraycopy(signatures[k], 1, args, 0, args.length);
                    Object desc = of.invoke(null, signatures[k][0], args);
                    handles[k] = (MethodHandle) downcall.invoke(linker, symbol.get(), desc, noOptions);
                }
                return new Native(handles[0], handles[1], handles[2], handles[3],
                        Class.forName("java.lang.foreign.Arena").getMethod("ofConfined"));
            } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
                return null;
            }
        }

        int open(String path, int flags) throws IOException {
            try (AutoCloseable arena = (AutoCloseable) arenaFactory.invoke(null)) {
                Method allocateFrom = Class.forName("java.lang.foreign.SegmentAllocator")
                        .getMethod("allocateFrom", String.class);
                Object cPath = allocateFrom.invoke(arena, path);
                return (int) open.invokeWithArguments(cPath, flags);
            } catch (Throwable t) {
                throw new IOException("open(" + path + ") through the FFM API failed", t);
            }
        }

        int fallocate(int fd, int mode, long offset, long length) {
            try {
                return (int) fallocate.invokeWithArguments(fd, mode, offset, length);
            } catch (Throwable t) {
                return -1;
            }
        }

        long lseek(int fd, long offset, int whence) {
            try {
                return (long) lseek.invokeWithArguments(fd, offset, whence);
            } catch (Throwable t) {
                return -1;
            }
        }

        void close(int fd) {
            try {
                close.invokeWithArguments(fd);
            } catch (Throwable t) {
                // nothing left to release
            }
        }
    }
}
