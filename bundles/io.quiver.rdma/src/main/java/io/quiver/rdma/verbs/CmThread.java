package io.quiver.rdma.verbs;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;

import io.quiver.linux.FileIo;
import io.quiver.linux.NativeLibrary;
import io.quiver.rdma.RdmaException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The provider's connection-management thread: one RDMA CM event channel for every id the provider makes,
 * read with {@code rdma_get_cm_event} after {@code poll} (so it can stop), each event given to the
 * {@link Target} of its id (of its listening id for a connect request), then acknowledged. librdmacm's
 * {@code rdma_destroy_id} waits until every event of the id is acknowledged, so ids destroyed from this
 * thread are destroyed after the acknowledgement. Thread-safe; targets are called on this thread only.
 */
final class CmThread implements Runnable, AutoCloseable {

    /** Receives the events of one id; may not block (every other id's events wait). */
    interface Target {
        void onCmEvent(int event, int status, MemorySegment cmEvent);
    }

    private static final Logger LOG = LoggerFactory.getLogger(CmThread.class);

    private final Verbs verbs;
    private final MemorySegment channel;
    private final int fd;
    private final Map<Long, Target> targets = new ConcurrentHashMap<>();
    private final List<MemorySegment> destroyAfterAck = new ArrayList<>();
    private final Thread thread = Thread.ofPlatform().daemon().name("quiver-rdma-cm").unstarted(this);
    private volatile boolean stopped;

    @SuppressWarnings("restricted") // the event channel: we read its fd
    CmThread(Verbs verbs) throws RdmaException {
        this.verbs = verbs;
        try {
            channel = Verbs.check((MemorySegment) verbs.createEventChannel.invokeExact(NativeLibrary.errnoState()),
                    "rdma_create_event_channel").reinterpret(8);
        } catch (RdmaException e) {
            throw e;
        } catch (Throwable t) {
            throw Verbs.bug(t);
        }
        fd = channel.get(JAVA_INT, Layouts.EVENT_CHANNEL_FD);
        thread.start();
    }

    /** A new RC ({@code RDMA_PS_TCP}) id on the channel, whose events go to {@code target}. */
    MemorySegment createId(Target target) throws RdmaException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment out = arena.allocate(ADDRESS);
            Verbs.check((int) verbs.createId.invokeExact(NativeLibrary.errnoState(), channel, out, MemorySegment.NULL,
                    Layouts.RDMA_PS_TCP), "rdma_create_id");
            MemorySegment id = out.get(ADDRESS, 0);
            targets.put(id.address(), target);
            return id;
        } catch (RdmaException e) {
            throw e;
        } catch (Throwable t) {
            throw Verbs.bug(t);
        }
    }

    /** Sends the events of {@code id} to {@code target} from now on. */
    void route(MemorySegment id, Target target) {
        targets.put(id.address(), target);
    }

    /** Stops delivering events of {@code id}. */
    void forget(MemorySegment id) {
        targets.remove(id.address());
    }

    /** {@code rdma_destroy_id}, after the current event's acknowledgement when called on this thread. */
    void destroyId(MemorySegment id) {
        forget(id);
        if (Thread.currentThread() == thread) {
            destroyAfterAck.add(id);
            return;
        }
        try {
            int rc = (int) verbs.destroyId.invokeExact(NativeLibrary.errnoState(), id);
        } catch (Throwable t) {
            throw Verbs.bug(t);
        }
    }

    /** {@code rdma_disconnect}: DREQ or DREP, and the queue pair to the error state. */
    void disconnect(MemorySegment id) {
        try {
            int rc = (int) verbs.disconnect.invokeExact(NativeLibrary.errnoState(), id);
        } catch (Throwable t) {
            throw Verbs.bug(t);
        }
    }

    /** The id's source address ({@code rdma_get_local_addr}, inline in rdma_cma.h). */
    InetSocketAddress localAddress(MemorySegment id) {
        return Sockaddr.from(id, Layouts.CM_ID_SRC_ADDR);
    }

    /** The id's destination address ({@code rdma_get_peer_addr}, inline in rdma_cma.h). */
    InetSocketAddress peerAddress(MemorySegment id) {
        return Sockaddr.from(id, Layouts.CM_ID_DST_ADDR);
    }

    @Override
    @SuppressWarnings("restricted") // the rdma_cm_event librdmacm hands us
    public void run() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment out = arena.allocate(ADDRESS);
            while (!stopped) {
                if (!FileIo.poll(fd, (short) 1, 100)) {
                    continue;
                }
                if ((int) verbs.getCmEvent.invokeExact(NativeLibrary.errnoState(), channel, out) != 0) {
                    continue;
                }
                MemorySegment event = out.get(ADDRESS, 0).reinterpret(Layouts.CM_EVENT_SIZE);
                int type = event.get(JAVA_INT, Layouts.CM_EVENT_EVENT);
                MemorySegment key = event.get(ADDRESS, type == Layouts.EV_CONNECT_REQUEST
                        ? Layouts.CM_EVENT_LISTEN_ID : Layouts.CM_EVENT_ID);
                Target target = targets.get(key.address());
                try {
                    if (target != null) {
                        target.onCmEvent(type, event.get(JAVA_INT, Layouts.CM_EVENT_STATUS), event);
                    } else if (type == Layouts.EV_CONNECT_REQUEST) {
                        destroyAfterAck.add(event.get(ADDRESS, Layouts.CM_EVENT_ID)); // listener closed meanwhile
                    }
                } catch (RuntimeException e) {
                    LOG.error("RDMA CM event {} handling failed", type, e);
                }
                int ignored = (int) verbs.ackCmEvent.invokeExact(NativeLibrary.errnoState(), event);
                for (MemorySegment id : destroyAfterAck) {
                    ignored = (int) verbs.destroyId.invokeExact(NativeLibrary.errnoState(), id);
                }
                destroyAfterAck.clear();
            }
        } catch (Throwable t) {
            LOG.error("RDMA CM thread failed; connection management stops", t);
        }
    }

    /** Stops the thread, then destroys the channel (every id must be gone by then). */
    @Override
    public void close() {
        stopped = true;
        try {
            thread.join(2000);
            verbs.destroyEventChannel.invokeExact(NativeLibrary.errnoState(), channel);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Throwable t) {
            throw Verbs.bug(t);
        }
    }
}
