package io.quiver.core.impl.pr;

import io.quiver.core.impl.lu.LogicalUnitContext;
import io.quiver.core.impl.lu.Nexus;
import io.quiver.spi.cluster.ReservationStore;
import io.quiver.spi.cluster.SharedState;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The reservation state of a {@code cluster_mode} logical unit kept in the cluster's {@link ReservationStore}:
 * every change reads the shared state, applies the command to a fresh copy, writes it back by compare-and-set
 * (re-reading and re-applying when another node won), updates the local copy the conflict check reads and
 * waits until every other node serving the device acknowledged it. States other nodes write arrive through
 * the store's watch: this node takes them over, raises their unit attentions on its own nexuses, aborts the
 * preempted nexuses' tasks (PREEMPT AND ABORT) and then acknowledges, so the preempting command's GOOD means
 * that no node runs a preempted task any more.
 *
 * <p>Thread-safe: the local copy is guarded by the {@link PrState} lock; changes run on the reservation
 * executor, watch deliveries on the store's thread.
 */
final class SharedReservations implements Consumer<SharedState> {

    private static final Logger LOG = LoggerFactory.getLogger(SharedReservations.class);
    private static final HexFormat HEX = HexFormat.of();
    /** How long a change waits for the other nodes; beyond any session timeout plus margin the store uses. */
    private static final Duration ACK_TIMEOUT = Duration.ofSeconds(120);

    /** One command's effect on a decoded copy of the shared state. */
    interface Change {
        /** Applies the change; throws before changing anything if the command is refused. */
        void apply(PrState state, Spc2Reservation spc2, PrOutcome outcome) throws PrFailure;
    }

    private final LogicalUnitContext context;
    private final Executor executor;
    private final PrState state;
    private final Spc2Reservation spc2;
    private final Runnable changed;
    /** The store watched, so a new store (bundle update) is watched again. Written under this. */
    private volatile ReservationStore watched;
    /**
     * The store whose state the local copy holds: set once this node has joined the device and read its state.
     * Until then the copy may be empty while a reservation exists (a node starting after a restart of the whole
     * cluster, before its watch delivered), so media access is refused as if fenced.
     */
    private volatile ReservationStore joined;
    private AutoCloseable watch;
    /** The store version the local copy holds; guarded by the state lock. */
    private long appliedVersion = SharedState.ABSENT;

    SharedReservations(LogicalUnitContext context, Executor executor, PrState state, Spc2Reservation spc2,
            Runnable changed) {
        this.context = context;
        this.executor = executor;
        this.state = state;
        this.spc2 = spc2;
        this.changed = changed;
    }

    /** The store, or {@code null} if none is registered; starts watching a store not watched yet. Never blocks. */
    ReservationStore store() {
        ReservationStore store = context.clusterStore();
        if (store != null && store != watched) {
            synchronized (this) {
                if (store != watched) {
                    watched = store;
                    executor.execute(() -> subscribe(store));
                }
            }
        }
        return store;
    }

    /** Whether media access must be refused: no store, or this node is cut off from the cluster. */
    boolean fenced() {
        ReservationStore store = store();
        return store == null || store != joined || store.fenced();
    }

    private void subscribe(ReservationStore store) {
        AutoCloseable handle = store.watch(context.deviceName(), this, this::powerOn);
        synchronized (this) {
            closeQuietly(watch);
            watch = handle;
        }
        // The watch delivers on the store's thread, later: take the state over now, before media access.
        try {
            accept(store.read(context.deviceName()));
        } catch (IOException e) {
            LOG.warn("Device {}: shared reservation state not read after joining, left to the watch: {}",
                    context.deviceName(), e.toString());
        }
        joined = store;
    }

    /**
     * Applies one command to the shared state (blocks: store round trips and the other nodes' acknowledgements).
     *
     * @param origin the nexus the command came on, spared its notices; {@code null} for none (a reset)
     * @param abort whether other nodes abort the preempted nexuses' tasks (PREEMPT AND ABORT)
     * @return the notices to deliver on this node
     * @throws IOException if the store cannot be reached or the other nodes did not acknowledge in time
     */
    PrOutcome change(Nexus origin, boolean abort, Change change) throws PrFailure, IOException, InterruptedException {
        ReservationStore store = store();
        if (store == null || store.fenced()) {
            throw new IOException("not connected to the cluster");
        }
        String device = context.deviceName();
        while (true) {
            SharedState current = store.read(device);
            PrState next = new PrState();
            Spc2Reservation nextSpc2 = new Spc2Reservation();
            decode(current, next, nextSpc2);
            PrOutcome outcome = new PrOutcome();
            change.apply(next, nextSpc2, outcome);
            long version = store.compareAndSet(device, current.version(),
                    encode(next, nextSpc2, outcome, store.nodeId(), origin, abort));
            if (version == SharedState.ABSENT) {
                continue; // another node changed the state since we read it: apply the command to its state
            }
            adopt(version, next, nextSpc2);
            if (!store.awaitAcknowledged(device, version, ACK_TIMEOUT)) {
                throw new IOException("other nodes did not acknowledge reservation state " + version);
            }
            return outcome;
        }
    }

    private static byte[] encode(PrState state, Spc2Reservation spc2, PrOutcome outcome, String node, Nexus origin,
            boolean abort) {
        StringBuilder text = new StringBuilder("# Quiver cluster reservation state\n");
        PrStateCodec.encode(state, text);
        if (spc2.held()) {
            text.append("spc2=").append(spc2.encode()).append('\n');
        }
        outcome.encode(text);
        text.append("origin=").append(node).append(',')
                .append(origin == null ? "" : HEX.formatHex(origin.initiator().transportId())).append(',')
                .append(origin == null ? -1 : origin.relativeTargetPortId()).append(',').append(abort ? 1 : 0)
                .append('\n');
        return text.toString().getBytes(StandardCharsets.US_ASCII);
    }

    /**
     * The state when this node is the first to serve the device after none did, the cluster's power on of the
     * logical unit (SPC-4 5.14.5): registrations and the persistent reservation stay only with APTPL (PRgeneration
     * too, as the APTPL file keeps it on a node of its own), SPC-2 reservations and pending notices never.
     * {@code null} when that changes nothing.
     */
    byte[] powerOn(byte[] data) {
        PrState next = new PrState();
        decode(new SharedState(data, 0), next, new Spc2Reservation());
        if (!next.aptpl()) {
            next.reset();
        }
        ReservationStore store = context.clusterStore();
        byte[] after = encode(next, new Spc2Reservation(), new PrOutcome(), store == null ? "" : store.nodeId(),
                null, false);
        if (Arrays.equals(after, data)) {
            return null;
        }
        LOG.info("Device {}: first node to serve it in the cluster: {}", context.deviceName(), next.aptpl()
                ? "registrations and reservation kept (APTPL)" : "registrations and reservation dropped (no APTPL)");
        return after;
    }

    /** A state another node (or this one) wrote: take it over, deliver its notices here, acknowledge. */
    @Override
    public void accept(SharedState shared) {
        ReservationStore store = context.clusterStore();
        if (store == null) {
            return;
        }
        List<String> lines;
        PrState next = new PrState();
        Spc2Reservation nextSpc2 = new Spc2Reservation();
        try {
            lines = decode(shared, next, nextSpc2);
        } catch (RuntimeException e) {
            LOG.error("Device {}: unreadable shared reservation state {}: {}", context.deviceName(),
                    shared.version(), e.toString());
            return;
        }
        String[] origin = lines.stream().filter(l -> l.startsWith("origin=")).findFirst()
                .map(l -> l.substring(7).split(",")).orElse(null);
        boolean fresh = adopt(shared.version(), next, nextSpc2);
        if (fresh && origin != null && !origin[0].equals(store.nodeId())) {
            byte[] tid = HEX.parseHex(origin[1]);
            int rtpi = Integer.parseInt(origin[2]);
            Predicate<Nexus> spared = n -> n.relativeTargetPortId() == rtpi
                    && Arrays.equals(tid, n.initiator().transportId());
            PrOutcome outcome = PrOutcome.decode(lines);
            if (outcome.reset() != null) {
                context.resetByPeer(outcome.reset());
            }
            if (outcome.taskSetCleared()) {
                context.clearedByPeer();
            }
            outcome.raiseUnitAttentions(context, spared);
            if ("1".equals(origin[3])) {
                outcome.abortPreemptedTasks(context, spared);
            }
        }
        if (!shared.absent()) {
            store.acknowledge(context.deviceName(), shared.version());
        }
    }

    /** Makes {@code next} the local copy unless a newer version is there already; returns whether it did. */
    private boolean adopt(long version, PrState next, Spc2Reservation nextSpc2) {
        synchronized (state) {
            if (version <= appliedVersion) {
                return false;
            }
            appliedVersion = version;
            state.replaceWith(next);
            spc2.decode(nextSpc2.encode());
            changed.run();
            return true;
        }
    }

    private static List<String> decode(SharedState shared, PrState into, Spc2Reservation spc2Into) {
        List<String> lines = new String(shared.data(), StandardCharsets.US_ASCII).lines().toList();
        PrStateCodec.decode(lines, into);
        spc2Into.decode(lines.stream().filter(l -> l.startsWith("spc2=")).findFirst()
                .map(l -> l.substring(5)).orElse(null));
        return lines;
    }

    /** Stops watching (device detached). */
    synchronized void close() {
        closeQuietly(watch);
        watch = null;
    }

    private static void closeQuietly(AutoCloseable c) {
        if (c == null) {
            return;
        }
        try {
            c.close();
        } catch (Exception e) {
            LOG.debug("closing a reservation watch failed", e);
        }
    }
}
