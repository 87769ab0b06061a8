package io.quiver.linux;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;

import io.quiver.linux.impl.Native;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Map;

/**
 * A connection to a Ceph cluster through librados ({@code rados_t}): made from a ceph.conf, a client id and
 * options set over it (such as {@code key}, the client's cephx secret), and the pools' I/O contexts from
 * which {@link RbdImage}s open. Every failure is a {@link LinuxException} naming the call and the error
 * librados returned. Thread-safe (librados is); {@link #close()} after every image opened from it.
 */
public final class Rados implements AutoCloseable {

    /** RBD_FEATURE_LAYERING: the one image feature {@link #createImage} sets (no exclusive-lock, see there). */
    public static final long FEATURE_LAYERING = 1;

    private final Librbd lib;
    private final MemorySegment cluster;
    private boolean closed;

    private Rados(Librbd lib, MemorySegment cluster) {
        this.lib = lib;
        this.cluster = cluster;
    }

    /**
     * Connects as {@code client.<user>}.
     *
     * @param conf ceph.conf path; empty for librados' default search (/etc/ceph/ceph.conf, ...)
     * @param options configuration options set after the file is read (rados_conf_set), in order
     * @throws NativeLibrary.MissingLibraryException when librados2 or librbd1 is not installed
     */
    public static Rados connect(String user, String conf, Map<String, String> options)
            throws LinuxException, NativeLibrary.MissingLibraryException {
        Librbd lib = Librbd.get();
        MemorySegment cluster;
        try (Arena a = Arena.ofConfined()) {
            MemorySegment out = a.allocate(ADDRESS);
            check(call(lib.radosCreate2, out, a.allocateFrom("ceph"), a.allocateFrom("client." + user), 0L),
                    "rados_create2(client." + user + ")");
            cluster = out.get(ADDRESS, 0);
        }
        Rados r = new Rados(lib, cluster);
        try (Arena a = Arena.ofConfined()) {
            check(call(lib.radosConfReadFile, cluster, conf.isEmpty() ? MemorySegment.NULL : a.allocateFrom(conf)),
                    "rados_conf_read_file(" + conf + ")");
            for (Map.Entry<String, String> o : options.entrySet()) {
                // the value may be a secret: never in the message
                check(call(lib.radosConfSet, cluster, a.allocateFrom(o.getKey()), a.allocateFrom(o.getValue())),
                        "rados_conf_set(" + o.getKey() + ")");
            }
            check(call(lib.radosConnect, cluster), "rados_connect(client." + user + ")");
            return r;
        } catch (LinuxException | RuntimeException e) {
            r.close();
            throw e;
        }
    }

    /**
     * Creates image {@code name} of {@code sizeBytes} in {@code pool} (and RADOS namespace
     * {@code namespace}, empty for none) with only {@code features}, default object size (4 MiB).
     */
    public void createImage(String pool, String namespace, String name, long sizeBytes, long features)
            throws LinuxException {
        MemorySegment io = ioctx(pool, namespace);
        try (Arena a = Arena.ofConfined()) {
            MemorySegment order = a.allocate(JAVA_INT);
            check(call(lib.create2, io, a.allocateFrom(name), sizeBytes, features, order),
                    "rbd_create2(" + pool + "/" + name + ")");
        } finally {
            destroy(io);
        }
    }

    /**
     * Opens image {@code name} of {@code pool} (and {@code namespace}, empty for none) for I/O.
     *
     * @throws LinuxException with ENOENT when the pool or the image does not exist
     */
    public RbdImage open(String pool, String namespace, String name) throws LinuxException {
        MemorySegment io = ioctx(pool, namespace);
        try (Arena a = Arena.ofConfined()) {
            MemorySegment out = a.allocate(ADDRESS);
            check(call(lib.open, io, a.allocateFrom(name), out, MemorySegment.NULL),
                    "rbd_open(" + pool + "/" + name + ")");
            return new RbdImage(lib, io, out.get(ADDRESS, 0), pool + "/" + name);
        } catch (LinuxException | RuntimeException e) {
            destroy(io);
            throw e;
        }
    }

    private MemorySegment ioctx(String pool, String namespace) throws LinuxException {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment out = a.allocate(ADDRESS);
            check(call(lib.ioctxCreate, cluster, a.allocateFrom(pool), out), "rados_ioctx_create(" + pool + ")");
            MemorySegment io = out.get(ADDRESS, 0);
            if (!namespace.isEmpty()) {
                invoke(lib.ioctxSetNamespace, io, a.allocateFrom(namespace));
            }
            return io;
        }
    }

    private void destroy(MemorySegment io) {
        invoke(lib.ioctxDestroy, io);
    }

    /** Shuts the connection down (rados_shutdown); once only. */
    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            invoke(lib.radosShutdown, cluster);
        }
    }

    /** Calls {@code h} (a handle of {@link Librbd}) with the errno segment first; its int or ssize_t result. */
    static int call(java.lang.invoke.MethodHandle h, Object... args) {
        Object r = invoke(h, args);
        return r instanceof Long l ? (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, l)) : (Integer) r;
    }

    /** Calls {@code h} with the errno segment first; what it returned (null for void). */
    static Object invoke(java.lang.invoke.MethodHandle h, Object... args) {
        Object[] all = new Object[args.length + 1];
        all[0] = NativeLibrary.errnoState();
        System.arraycopy(args, 0, all, 1, args.length);
        try {
            return h.invokeWithArguments(all);
        } catch (Throwable t) {
            throw Native.linkageFailure(t);
        }
    }

    /** librados and librbd return {@code -errno}. */
    static int check(int rc, String call) throws LinuxException {
        if (rc < 0) {
            throw new LinuxException(call, -rc);
        }
        return rc;
    }
}
