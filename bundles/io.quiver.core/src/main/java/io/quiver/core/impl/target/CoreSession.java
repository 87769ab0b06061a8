package io.quiver.core.impl.target;

import io.quiver.core.impl.lu.Nexus;
import io.quiver.core.impl.map.LunAddress;
import io.quiver.core.impl.stats.IoStatistics;
import io.quiver.scsi.AdditionalSense;
import io.quiver.scsi.SenseData;
import io.quiver.spi.target.CommandResponse;
import io.quiver.spi.target.InitiatorPort;
import io.quiver.spi.target.ScsiCommand;
import io.quiver.spi.target.Session;
import io.quiver.spi.target.SessionTransport;
import io.quiver.spi.target.TaskManagementRequest;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An I_T nexus: the session a transport opened, with its LUN map, the unit attentions and deferred
 * errors pending per LUN,
 * the tasks in flight by tag and its statistics. Thread-safe; nothing blocks.
 */
public final class CoreSession implements Session, Nexus {

    private static final Logger LOG = LoggerFactory.getLogger(CoreSession.class);

    private final CoreTarget target;
    private final long id;
    private final InitiatorPort initiator;
    private final SessionTransport transport;
    private final int queueDepth;
    private final Map<Integer, UnitAttentionQueue> unitAttentions = new ConcurrentHashMap<>();
    private final Map<Integer, java.util.Queue<SenseData>> deferredErrors = new ConcurrentHashMap<>();
    private final Map<Long, Task> tasks = new ConcurrentHashMap<>();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final IoStatistics statistics = new IoStatistics();
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile Map<Integer, MappedLun> lunMap = Map.of();

    CoreSession(CoreTarget target, long id, InitiatorPort initiator, SessionTransport transport, int queueDepth) {
        this.target = target;
        this.id = id;
        this.initiator = initiator;
        this.transport = transport;
        this.queueDepth = queueDepth;
    }

    @Override
    public long id() {
        return id;
    }

    @Override
    public InitiatorPort initiator() {
        return initiator;
    }

    @Override
    public CoreTarget target() {
        return target;
    }

    @Override
    public String targetName() {
        return target.name();
    }

    @Override
    public int relativeTargetPortId() {
        return target.relativeTargetPortId();
    }

    @Override
    public int protocolIdentifier() {
        return target.driver().protocolIdentifier();
    }

    @Override
    public int queueDepth() {
        return queueDepth;
    }

    public SessionTransport transport() {
        return transport;
    }

    public IoStatistics statistics() {
        return statistics;
    }

    /** The LUN map this nexus sees now. */
    public Map<Integer, MappedLun> lunMap() {
        return lunMap;
    }

    /** Installs a new LUN map; whether it differs from the old one. */
    boolean updateLunMap(Map<Integer, MappedLun> map) {
        boolean changed = !map.equals(lunMap);
        lunMap = map;
        return changed;
    }

    public boolean isClosed() {
        return closed.get();
    }

    @Override
    public void submit(ScsiCommand command) {
        if (closed.get()) {
            command.complete(CommandResponse.aborted());
            return;
        }
        int lun = LunAddress.decode(command.lun());
        Task task = new Task(this, command, lun, lun >= 0 ? lunMap.get(lun) : null);
        inFlight.incrementAndGet();
        if (tasks.putIfAbsent(command.tag(), task) != null) {
            task.registered = false;
            task.fail(io.quiver.scsi.SenseData.of(io.quiver.scsi.SenseKey.ABORTED_COMMAND,
                    AdditionalSense.OVERLAPPED_COMMANDS_ATTEMPTED));
            return;
        }
        CommandRouter.route(task);
    }

    @Override
    public void submit(TaskManagementRequest request) {
        TaskManagement.execute(this, request);
    }

    /** Commands in flight on this nexus, including the one being submitted. */
    int inFlight() {
        return inFlight.get();
    }

    void taskFinished(Task task) {
        inFlight.decrementAndGet();
        if (task.registered) {
            tasks.remove(task.tag(), task);
        }
    }

    /** The task in flight with that tag, or {@code null}. */
    public Task task(long tag) {
        return tasks.get(tag);
    }

    /** The tasks in flight. */
    public List<Task> tasks() {
        return List.copyOf(tasks.values());
    }

    /** Queues a unit attention for one LUN of this nexus and tells the transport an event is pending. */
    public void raiseUnitAttention(int lun, AdditionalSense sense) {
        unitAttentions.computeIfAbsent(lun, l -> new UnitAttentionQueue()).raise(sense);
        try {
            transport.asynchronousEventPending(LunAddress.encode(lun));
        } catch (RuntimeException e) {
            LOG.warn("transport failed on asynchronous event for {}", initiator, e);
        }
    }

    /** Queues a unit attention on every LUN number of this nexus that maps the unit. */
    public void raiseUnitAttention(LogicalUnit unit, AdditionalSense sense) {
        for (MappedLun m : lunMap.values()) {
            if (m.unit() == unit) {
                raiseUnitAttention(m.lun(), sense);
            }
        }
    }

    /** Queues a unit attention on every LUN this nexus sees, and on LUN 0 where REPORT LUNS goes. */
    void raiseOnAllLuns(AdditionalSense sense) {
        Set<Integer> all = new HashSet<>(lunMap.keySet());
        all.add(0);
        all.forEach(l -> raiseUnitAttention(l, sense));
    }

    /** Reports and clears the oldest unit attention of a LUN, or {@code null}. */
    public AdditionalSense pollUnitAttention(int lun) {
        UnitAttentionQueue q = unitAttentions.get(lun);
        return q == null ? null : q.poll();
    }

    /**
     * Queues a deferred error (SPC-4 4.5.4) on every LUN number of this nexus that maps the unit; at most
     * {@link UnitAttentionQueue#CAPACITY} per LUN, further ones are dropped.
     */
    void queueDeferredError(LogicalUnit unit, SenseData sense) {
        for (MappedLun m : lunMap.values()) {
            if (m.unit() == unit) {
                java.util.Queue<SenseData> q = deferredErrors.computeIfAbsent(m.lun(),
                        l -> new java.util.concurrent.ConcurrentLinkedQueue<>());
                if (q.size() < UnitAttentionQueue.CAPACITY) {
                    q.add(sense);
                }
            }
        }
    }

    /** Reports and clears the oldest deferred error of a LUN, or {@code null}. */
    public SenseData pollDeferredError(int lun) {
        java.util.Queue<SenseData> q = deferredErrors.get(lun);
        return q == null ? null : q.poll();
    }

    /** The unit attentions pending at a LUN (not cleared), for QUERY ASYNCHRONOUS EVENT. */
    public UnitAttentionQueue unitAttentions(int lun) {
        return unitAttentions.computeIfAbsent(lun, l -> new UnitAttentionQueue());
    }

    /** Clears one kind of unit attention on every LUN of this nexus. */
    public void clearUnitAttention(AdditionalSense sense) {
        unitAttentions.values().forEach(q -> q.clear(sense));
    }

    /** Asks the transport to end the session; the transport answers with {@link #close()}. */
    public void requestClose(String reason) {
        try {
            transport.close(reason);
        } catch (RuntimeException e) {
            LOG.warn("transport failed to close {}", initiator, e);
            close();
        }
    }

    /**
     * I_T nexus loss: the tasks in flight are aborted (silently), the logical-unit services forget the
     * nexus, the devices forget it once those tasks have finished ({@code ScsiDevice.nexusLost}), and the
     * target forgets the session.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        target.sessionClosed(this);
        List<CompletableFuture<Void>> waits = new ArrayList<>();
        tasks().forEach(t -> waits.add(t.abort(false)));
        CompletableFuture<Void> aborted = TaskManagement.allOf(waits);
        Set<LogicalUnit> units = new HashSet<>();
        lunMap.values().forEach(m -> units.add(m.unit()));
        units.forEach(u -> u.nexusLost(this, aborted));
    }

    @Override
    public String toString() {
        return initiator + "@" + target.name();
    }
}
