package io.quiver.linux;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.FunctionDescriptor;
import java.lang.invoke.MethodHandle;

/**
 * The downcall handles of librados.so.2 and librbd.so.1 that {@link Rados} and {@link RbdImage} use, bound
 * once on first use through {@link NativeLibrary} (so each handle's first argument is the errno capture
 * segment; librados and librbd report errors as negative return values instead). Immutable; thread-safe.
 */
final class Librbd {

    private static final String HINT = "librados2 and librbd1 (Ceph)";
    private static volatile Librbd instance;

    final MethodHandle radosCreate2;
    final MethodHandle radosConfReadFile;
    final MethodHandle radosConfSet;
    final MethodHandle radosConnect;
    final MethodHandle radosShutdown;
    final MethodHandle ioctxCreate;
    final MethodHandle ioctxSetNamespace;
    final MethodHandle ioctxDestroy;
    final MethodHandle create2;
    final MethodHandle open;
    final MethodHandle close;
    final MethodHandle getSize;
    final MethodHandle resize;
    final MethodHandle createCompletion;
    final MethodHandle waitForComplete;
    final MethodHandle getReturnValue;
    final MethodHandle release;
    final MethodHandle aioRead;
    final MethodHandle aioWrite;
    final MethodHandle aioFlush;
    final MethodHandle aioDiscard;
    final MethodHandle aioWriteZeroes;
    final MethodHandle aioCompareAndWrite;
    final MethodHandle diffIterate2;

    private Librbd(NativeLibrary rados, NativeLibrary rbd) throws NativeLibrary.MissingLibraryException {
        radosCreate2 = rados.function("rados_create2", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS, JAVA_LONG));
        radosConfReadFile = rados.function("rados_conf_read_file", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));
        radosConfSet = rados.function("rados_conf_set", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS));
        radosConnect = rados.function("rados_connect", FunctionDescriptor.of(JAVA_INT, ADDRESS));
        radosShutdown = rados.function("rados_shutdown", FunctionDescriptor.ofVoid(ADDRESS));
        ioctxCreate = rados.function("rados_ioctx_create", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS));
        ioctxSetNamespace = rados.function("rados_ioctx_set_namespace", FunctionDescriptor.ofVoid(ADDRESS, ADDRESS));
        ioctxDestroy = rados.function("rados_ioctx_destroy", FunctionDescriptor.ofVoid(ADDRESS));
        create2 = rbd.function("rbd_create2", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, JAVA_LONG, JAVA_LONG, ADDRESS));
        open = rbd.function("rbd_open", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS, ADDRESS));
        close = rbd.function("rbd_close", FunctionDescriptor.of(JAVA_INT, ADDRESS));
        getSize = rbd.function("rbd_get_size", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));
        resize = rbd.function("rbd_resize", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG));
        createCompletion = rbd.function("rbd_aio_create_completion", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS));
        waitForComplete = rbd.function("rbd_aio_wait_for_complete", FunctionDescriptor.of(JAVA_INT, ADDRESS));
        getReturnValue = rbd.function("rbd_aio_get_return_value", FunctionDescriptor.of(JAVA_LONG, ADDRESS));
        release = rbd.function("rbd_aio_release", FunctionDescriptor.ofVoid(ADDRESS));
        aioRead = rbd.function("rbd_aio_read", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG, JAVA_LONG, ADDRESS, ADDRESS));
        aioWrite = rbd.function("rbd_aio_write", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG, JAVA_LONG, ADDRESS, ADDRESS));
        aioFlush = rbd.function("rbd_aio_flush", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));
        aioDiscard = rbd.function("rbd_aio_discard", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG, JAVA_LONG, ADDRESS));
        aioWriteZeroes = rbd.function("rbd_aio_write_zeroes",
                FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG, JAVA_LONG, ADDRESS, JAVA_INT, JAVA_INT));
        aioCompareAndWrite = rbd.function("rbd_aio_compare_and_write",
                FunctionDescriptor.of(JAVA_LONG, ADDRESS, JAVA_LONG, JAVA_LONG, ADDRESS, ADDRESS, ADDRESS, ADDRESS, JAVA_INT));
        // uint8_t include_parent and whole_object; the callback is RbdDiff's one upcall stub
        diffIterate2 = rbd.function("rbd_diff_iterate2",
                FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, JAVA_LONG, JAVA_LONG, JAVA_BYTE, JAVA_BYTE, ADDRESS, ADDRESS));
    }

    /**
     * The handles, loading both libraries at the first call. The libraries stay loaded for the life of the
     * class loader: a librados cluster handle may outlive any one image, and Ceph's libraries do not
     * support being unloaded while their threads run.
     */
    static Librbd get() throws NativeLibrary.MissingLibraryException {
        Librbd l = instance;
        if (l == null) {
            synchronized (Librbd.class) {
                l = instance;
                if (l == null) {
                    l = new Librbd(NativeLibrary.open("librados.so.2", HINT), NativeLibrary.open("librbd.so.1", HINT));
                    instance = l;
                }
            }
        }
        return l;
    }
}
