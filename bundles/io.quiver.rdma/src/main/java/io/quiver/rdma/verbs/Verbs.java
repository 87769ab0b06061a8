package io.quiver.rdma.verbs;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import io.quiver.linux.LinuxException;
import io.quiver.linux.NativeLibrary;
import io.quiver.linux.NativeLibrary.MissingLibraryException;
import io.quiver.rdma.RdmaException;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

/**
 * The downcall handles of librdmacm.so.1 and libibverbs.so.1, bound once through {@link NativeLibrary} (so
 * each handle's first argument is the errno capture segment), and the four ops-table entries that verbs.h
 * calls inline ({@code ibv_post_send}, {@code ibv_post_recv}, {@code ibv_poll_cq}, {@code ibv_req_notify_cq}),
 * called through one function-pointer handle each. Immutable; thread-safe. The libraries stay loaded for the
 * life of the class loader: their provider plugins own threads and file descriptors.
 */
final class Verbs {

    private static final String HINT = "libibverbs1 and librdmacm1 (rdma-core)";
    private static volatile Verbs instance;

    final MethodHandle createEventChannel;
    final MethodHandle destroyEventChannel;
    final MethodHandle createId;
    final MethodHandle destroyId;
    final MethodHandle bindAddr;
    final MethodHandle listen;
    final MethodHandle getCmEvent;
    final MethodHandle ackCmEvent;
    final MethodHandle resolveAddr;
    final MethodHandle resolveRoute;
    final MethodHandle createQp;
    final MethodHandle destroyQp;
    final MethodHandle connect;
    final MethodHandle accept;
    final MethodHandle reject;
    final MethodHandle disconnect;
    final MethodHandle getDeviceList;
    final MethodHandle freeDeviceList;
    final MethodHandle getDeviceName;
    final MethodHandle getDeviceGuid;
    final MethodHandle openDevice;
    final MethodHandle closeDevice;
    final MethodHandle queryDevice;
    final MethodHandle allocPd;
    final MethodHandle deallocPd;
    final MethodHandle regMr;
    final MethodHandle deregMr;
    final MethodHandle createCompChannel;
    final MethodHandle destroyCompChannel;
    final MethodHandle createCq;
    final MethodHandle destroyCq;
    final MethodHandle getCqEvent;
    final MethodHandle ackCqEvents;
    /** {@code int (*post_send)(struct ibv_qp *, struct ibv_send_wr *, struct ibv_send_wr **)}. */
    final MethodHandle postSend = NativeLibrary.functionPointer(FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS));
    /** {@code int (*post_recv)(struct ibv_qp *, struct ibv_recv_wr *, struct ibv_recv_wr **)}. */
    final MethodHandle postRecv = postSend;
    /** {@code int (*poll_cq)(struct ibv_cq *, int, struct ibv_wc *)}. */
    final MethodHandle pollCq = NativeLibrary.functionPointer(FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, ADDRESS));
    /** {@code int (*req_notify_cq)(struct ibv_cq *, int)}. */
    final MethodHandle reqNotifyCq = NativeLibrary.functionPointer(FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));

    private Verbs(NativeLibrary cm, NativeLibrary ib) throws MissingLibraryException {
        createEventChannel = cm.function("rdma_create_event_channel", FunctionDescriptor.of(ADDRESS));
        destroyEventChannel = cm.function("rdma_destroy_event_channel", FunctionDescriptor.ofVoid(ADDRESS));
        createId = cm.function("rdma_create_id", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS, JAVA_INT));
        destroyId = cm.function("rdma_destroy_id", FunctionDescriptor.of(JAVA_INT, ADDRESS));
        bindAddr = cm.function("rdma_bind_addr", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));
        listen = cm.function("rdma_listen", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
        getCmEvent = cm.function("rdma_get_cm_event", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));
        ackCmEvent = cm.function("rdma_ack_cm_event", FunctionDescriptor.of(JAVA_INT, ADDRESS));
        resolveAddr = cm.function("rdma_resolve_addr", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS, JAVA_INT));
        resolveRoute = cm.function("rdma_resolve_route", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
        createQp = cm.function("rdma_create_qp", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS));
        destroyQp = cm.function("rdma_destroy_qp", FunctionDescriptor.ofVoid(ADDRESS));
        connect = cm.function("rdma_connect", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));
        accept = cm.function("rdma_accept", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));
        reject = cm.function("rdma_reject", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, JAVA_BYTE));
        disconnect = cm.function("rdma_disconnect", FunctionDescriptor.of(JAVA_INT, ADDRESS));
        getDeviceList = ib.function("ibv_get_device_list", FunctionDescriptor.of(ADDRESS, ADDRESS));
        freeDeviceList = ib.function("ibv_free_device_list", FunctionDescriptor.ofVoid(ADDRESS));
        getDeviceName = ib.function("ibv_get_device_name", FunctionDescriptor.of(ADDRESS, ADDRESS));
        getDeviceGuid = ib.function("ibv_get_device_guid", FunctionDescriptor.of(JAVA_LONG, ADDRESS));
        openDevice = ib.function("ibv_open_device", FunctionDescriptor.of(ADDRESS, ADDRESS));
        closeDevice = ib.function("ibv_close_device", FunctionDescriptor.of(JAVA_INT, ADDRESS));
        queryDevice = ib.function("ibv_query_device", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));
        allocPd = ib.function("ibv_alloc_pd", FunctionDescriptor.of(ADDRESS, ADDRESS));
        deallocPd = ib.function("ibv_dealloc_pd", FunctionDescriptor.of(JAVA_INT, ADDRESS));
        regMr = ib.function("ibv_reg_mr", FunctionDescriptor.of(ADDRESS, ADDRESS, ADDRESS, JAVA_LONG, JAVA_INT));
        deregMr = ib.function("ibv_dereg_mr", FunctionDescriptor.of(JAVA_INT, ADDRESS));
        createCompChannel = ib.function("ibv_create_comp_channel", FunctionDescriptor.of(ADDRESS, ADDRESS));
        destroyCompChannel = ib.function("ibv_destroy_comp_channel", FunctionDescriptor.of(JAVA_INT, ADDRESS));
        createCq = ib.function("ibv_create_cq",
                FunctionDescriptor.of(ADDRESS, ADDRESS, JAVA_INT, ADDRESS, ADDRESS, JAVA_INT));
        destroyCq = ib.function("ibv_destroy_cq", FunctionDescriptor.of(JAVA_INT, ADDRESS));
        getCqEvent = ib.function("ibv_get_cq_event", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS));
        ackCqEvents = ib.function("ibv_ack_cq_events", FunctionDescriptor.ofVoid(ADDRESS, JAVA_INT));
    }

    /** The handles, loading both libraries at the first call. */
    static Verbs get() throws RdmaException {
        Verbs v = instance;
        if (v == null) {
            synchronized (Verbs.class) {
                v = instance;
                if (v == null) {
                    try {
                        v = new Verbs(NativeLibrary.open("librdmacm.so.1", HINT),
                                NativeLibrary.open("libibverbs.so.1", HINT));
                    } catch (MissingLibraryException e) {
                        throw new RdmaException(e.getMessage(), e);
                    }
                    instance = v;
                }
            }
        }
        return v;
    }

    /** {@code rc} unless it is -1 (librdmacm's failure, errno set): then an exception naming {@code call}. */
    static int check(int rc, String call) throws RdmaException {
        if (rc == -1) {
            throw failure(call, NativeLibrary.lastErrno());
        }
        return rc;
    }

    /** {@code p} unless it is NULL (a libibverbs constructor's failure, errno set). */
    static MemorySegment check(MemorySegment p, String call) throws RdmaException {
        if (p.address() == 0) {
            throw failure(call, NativeLibrary.lastErrno());
        }
        return p;
    }

    /** An exception for {@code call} that failed with {@code errno}. */
    static RdmaException failure(String call, int errno) {
        LinuxException e = new LinuxException(call, errno);
        return new RdmaException(e.getMessage(), e);
    }

    /** A Throwable out of a handle that is not a C error: a bug of this provider. */
    static IllegalStateException bug(Throwable t) {
        if (t instanceof Error e) {
            throw e;
        }
        return new IllegalStateException("native call failed in the JVM", t);
    }
}
