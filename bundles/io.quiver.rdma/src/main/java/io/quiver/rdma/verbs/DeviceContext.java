package io.quiver.rdma.verbs;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;

import io.quiver.linux.NativeLibrary;
import io.quiver.rdma.RdmaDevice;
import io.quiver.rdma.RdmaException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * What this provider keeps per device context that RDMA CM opened ({@code rdma_cm_id->verbs}): the device's
 * limits, one protection domain, the registered pool and its allocator, and one completion channel with its
 * {@link CompletionLoop}. Made on first use by the provider, closed when the provider deactivates (after its
 * endpoints). Thread-safe; immutable after construction.
 */
final class DeviceContext implements AutoCloseable {

    final Verbs verbs;
    final MemorySegment context;
    final RdmaDevice device;
    final MemorySegment pd;
    final RegisteredPool pool;
    final RegisteredAllocator allocator;
    final MemorySegment channel;
    final CompletionLoop loop;

    @SuppressWarnings("restricted") // an ibv_context: we read its ops table
    DeviceContext(Verbs verbs, MemorySegment context) throws RdmaException {
        this.verbs = verbs;
        this.context = context.reinterpret(Layouts.CONTEXT_OPS_POST_RECV + 8);
        this.device = query(verbs, this.context);
        try {
            pd = Verbs.check((MemorySegment) verbs.allocPd.invokeExact(NativeLibrary.errnoState(), context),
                    "ibv_alloc_pd(" + device.name() + ")");
            channel = Verbs.check((MemorySegment) verbs.createCompChannel.invokeExact(NativeLibrary.errnoState(),
                    context), "ibv_create_comp_channel(" + device.name() + ")").reinterpret(16);
        } catch (RdmaException e) {
            throw e;
        } catch (Throwable t) {
            throw Verbs.bug(t);
        }
        pool = new RegisteredPool(verbs, pd);
        allocator = new RegisteredAllocator(pool);
        loop = new CompletionLoop(verbs, channel, device.name());
        loop.start();
    }

    /** The function pointer at {@code offset} of the context's ops table. */
    MemorySegment op(long offset) {
        return context.get(ADDRESS, offset);
    }

    /** The device of an open context: its name, GUID and the limits queue sizes are checked against. */
    static RdmaDevice query(Verbs verbs, MemorySegment context) throws RdmaException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment attr = arena.allocate(Layouts.DEVICE_ATTR_SIZE, 8);
            MemorySegment ibvDevice = context.reinterpret(8).get(ADDRESS, 0);
            int rc = (int) verbs.queryDevice.invokeExact(NativeLibrary.errnoState(), context, attr);
            if (rc != 0) {
                throw Verbs.failure("ibv_query_device", rc);
            }
            MemorySegment name = (MemorySegment) verbs.getDeviceName.invokeExact(NativeLibrary.errnoState(), ibvDevice);
            long guid = (long) verbs.getDeviceGuid.invokeExact(NativeLibrary.errnoState(), ibvDevice);
            return new RdmaDevice(name.reinterpret(64).getString(0), Long.reverseBytes(guid),
                    attr.get(JAVA_INT, Layouts.DEVICE_ATTR_MAX_QP_WR), attr.get(JAVA_INT, Layouts.DEVICE_ATTR_MAX_SGE),
                    attr.get(JAVA_INT, Layouts.DEVICE_ATTR_MAX_QP_RD_ATOM));
        } catch (RdmaException e) {
            throw e;
        } catch (Throwable t) {
            throw Verbs.bug(t);
        }
    }


    @Override
    public void close() {
        try {
            loop.stop();
            pool.close();
            int rc = (int) verbs.destroyCompChannel.invokeExact(NativeLibrary.errnoState(), channel);
            int rc2 = (int) verbs.deallocPd.invokeExact(NativeLibrary.errnoState(), pd);
            if (rc != 0 || rc2 != 0) {
                throw new IllegalStateException("closing " + device.name() + ": ibv_destroy_comp_channel " + rc
                        + ", ibv_dealloc_pd " + rc2 + " (an endpoint still open?)");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            throw e;
        } catch (Throwable t) {
            throw Verbs.bug(t);
        }
    }
}
