package io.quiver.rdma.verbs;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;

import io.netty.buffer.ByteBuf;
import io.quiver.linux.Errno;
import io.quiver.linux.NativeLibrary;
import io.quiver.rdma.ConnectionRequestHandler;
import io.quiver.rdma.EndpointHandler;
import io.quiver.rdma.NoRdmaDeviceException;
import io.quiver.rdma.QueueConfig;
import io.quiver.rdma.RdmaDevice;
import io.quiver.rdma.RdmaEndpoint;
import io.quiver.rdma.RdmaException;
import io.quiver.rdma.RdmaListener;
import io.quiver.rdma.RdmaProvider;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;

/**
 * The RDMA provider over librdmacm and libibverbs through FFM ({@code rdma.provider=verbs}): RDMA CM ids on
 * one event channel served by a {@link CmThread}, per device context a protection domain, registered pool
 * and completion thread ({@link DeviceContext}), RC queue pairs as {@link VerbsEndpoint}s. Nothing starts
 * until the first listen or connect; without an RDMA device those fail with {@link NoRdmaDeviceException}.
 * Deactivation closes listeners and endpoints, then the devices. Thread-safe.
 */
@Component(service = RdmaProvider.class, property = RdmaProvider.PROVIDER_PROPERTY + "=verbs")
public final class VerbsProvider implements RdmaProvider {

    static final String NO_DEVICE = "no RDMA device: load rdma_rxe and `rdma link add rxe0 type rxe netdev <if>`"
            + " (Soft-RoCE over an Ethernet interface), or install an RDMA adapter; ibv_devices lists none";

    private final Map<Long, DeviceContext> contexts = new ConcurrentHashMap<>();
    private final Set<AutoCloseable> open = ConcurrentHashMap.newKeySet();
    private static final int EADDRNOTAVAIL = 99;

    private final Object cmLock = new Object();
    private volatile CmThread cm;

    @Override
    public String name() {
        return "verbs";
    }

    Verbs verbs() throws RdmaException {
        return Verbs.get();
    }

    /** The CM thread, started on first use (its own lock: endpoints reach it while close() waits for them). */
    CmThread cm() {
        CmThread c = cm;
        if (c == null) {
            synchronized (cmLock) {
                c = cm;
                if (c == null) {
                    try {
                        c = new CmThread(Verbs.get());
                    } catch (RdmaException e) {
                        throw new IllegalStateException(e.getMessage(), e);
                    }
                    cm = c;
                }
            }
        }
        return c;
    }

    @Override
    public List<RdmaDevice> devices() throws RdmaException {
        Verbs v = Verbs.get();
        List<RdmaDevice> devices = new ArrayList<>();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment count = arena.allocate(JAVA_INT);
            MemorySegment list = (MemorySegment) v.getDeviceList.invokeExact(NativeLibrary.errnoState(), count);
            if (list.address() == 0) {
                // ENOSYS: the kernel has no uverbs at all, which is "no device" too
                return devices;
            }
            try {
                MemorySegment entries = list.reinterpret(ADDRESS.byteSize() * count.get(JAVA_INT, 0));
                for (int i = 0; i < count.get(JAVA_INT, 0); i++) {
                    MemorySegment context = Verbs.check((MemorySegment) v.openDevice.invokeExact(
                            NativeLibrary.errnoState(), entries.getAtIndex(ADDRESS, i)), "ibv_open_device");
                    try {
                        devices.add(DeviceContext.query(v, context));
                    } finally {
                        int ignored = (int) v.closeDevice.invokeExact(NativeLibrary.errnoState(), context);
                    }
                }
            } finally {
                v.freeDeviceList.invokeExact(NativeLibrary.errnoState(), list);
            }
        } catch (RdmaException e) {
            throw e;
        } catch (Throwable t) {
            throw Verbs.bug(t);
        }
        return devices;
    }

    @Override
    public RdmaListener listen(InetSocketAddress address, QueueConfig config, ConnectionRequestHandler handler)
            throws RdmaException {
        requireDevice();
        VerbsListener[] listener = new VerbsListener[1];
        MemorySegment id = cm().createId((event, status, cmEvent) -> listener[0].onCmEvent(event, status, cmEvent));
        try (Arena arena = Arena.ofConfined()) {
            if ((int) Verbs.get().bindAddr.invokeExact(NativeLibrary.errnoState(), id, Sockaddr.of(address, arena)) != 0) {
                int errno = NativeLibrary.lastErrno();
                throw errno == EADDRNOTAVAIL || errno == Errno.ENODEV
                        ? new NoRdmaDeviceException("no RDMA device serves " + address + " (rdma link show lists the"
                                + " devices and their netdevs): " + Verbs.failure("rdma_bind_addr", errno).getMessage())
                        : Verbs.failure("rdma_bind_addr(" + address + ")", errno);
            }
            Verbs.check((int) Verbs.get().listen.invokeExact(NativeLibrary.errnoState(), id, 128), "rdma_listen");
        } catch (RdmaException e) {
            cm().destroyId(id);
            throw e;
        } catch (Throwable t) {
            throw Verbs.bug(t);
        }
        listener[0] = new VerbsListener(this, id, cm().localAddress(id), config, handler);
        open.add(listener[0]);
        return listener[0];
    }

    @Override
    public CompletionStage<RdmaEndpoint> connect(InetSocketAddress remote, ByteBuf privateData, QueueConfig config,
            EndpointHandler handler) {
        try {
            requireDevice();
        } catch (RdmaException e) {
            return CompletableFuture.failedFuture(e);
        }
        return new ConnectAttempt(this, remote, privateData, config, handler).start();
    }

    private void requireDevice() throws RdmaException {
        if (devices().isEmpty()) {
            throw new NoRdmaDeviceException(NO_DEVICE);
        }
    }

    /** The context of the device {@code id} is bound to, made on first use. */
    @SuppressWarnings("restricted") // the rdma_cm_id: its verbs pointer
    DeviceContext context(MemorySegment id) throws RdmaException {
        MemorySegment verbs = id.reinterpret(8).get(ADDRESS, Layouts.CM_ID_VERBS);
        if (verbs.address() == 0) {
            throw new NoRdmaDeviceException("RDMA CM id not bound to a device; " + NO_DEVICE);
        }
        DeviceContext dev = contexts.get(verbs.address());
        if (dev == null) {
            synchronized (contexts) {
                dev = contexts.get(verbs.address());
                if (dev == null) {
                    dev = new DeviceContext(Verbs.get(), verbs);
                    contexts.put(verbs.address(), dev);
                }
            }
        }
        return dev;
    }

    void track(AutoCloseable endpointOrListener) {
        open.add(endpointOrListener);
    }

    void forget(AutoCloseable endpointOrListener) {
        open.remove(endpointOrListener);
    }

    /** Closes listeners and endpoints (waiting for their flush), then device contexts and the CM thread. */
    @Deactivate
    public void close() throws Exception {
        for (AutoCloseable c : List.copyOf(open)) {
            c.close();
        }
        contexts.values().forEach(DeviceContext::close);
        contexts.clear();
        synchronized (cmLock) {
            if (cm != null) {
                cm.close();
                cm = null;
            }
        }
    }
}
