package io.quiver.core.impl.target;

import io.quiver.core.impl.map.LunAddress;
import io.quiver.scsi.AdditionalSense;
import io.quiver.scsi.SenseData;
import java.util.HashSet;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The conditions one I_T nexus has pending per LUN, reported on its next commands: unit attentions
 * (SPC-4 5.14, queued by {@link UnitAttentionQueue}'s rules; each one raised also tells the transport an
 * asynchronous event is pending) and deferred errors (SPC-4 4.5.4), at most
 * {@link UnitAttentionQueue#CAPACITY} per LUN; further deferred errors are dropped.
 *
 * <p>Thread-safe and lock-free but for the queues' own short locks; nothing blocks.
 */
public final class PendingConditions {

    private static final Logger LOG = LoggerFactory.getLogger(CoreSession.class);

    private final CoreSession session;
    private final Map<Integer, UnitAttentionQueue> unitAttentions = new ConcurrentHashMap<>();
    private final Map<Integer, Queue<SenseData>> deferredErrors = new ConcurrentHashMap<>();

    PendingConditions(CoreSession session) {
        this.session = session;
    }

    /** Queues a unit attention for one LUN and tells the transport an event is pending. */
    void raiseUnitAttention(int lun, AdditionalSense sense) {
        unitAttentions(lun).raise(sense);
        try {
            session.transport().asynchronousEventPending(LunAddress.encode(lun));
        } catch (RuntimeException e) {
            LOG.warn("transport failed on asynchronous event for {}", session.initiator(), e);
        }
    }

    /** Queues a unit attention on every LUN number of {@code lunMap} that maps the unit. */
    void raiseUnitAttention(Map<Integer, MappedLun> lunMap, LogicalUnit unit, AdditionalSense sense) {
        for (MappedLun m : lunMap.values()) {
            if (m.unit() == unit) {
                raiseUnitAttention(m.lun(), sense);
            }
        }
    }

    /** Queues a unit attention on every LUN of {@code lunMap}, and on LUN 0 where REPORT LUNS goes. */
    void raiseOnAllLuns(Map<Integer, MappedLun> lunMap, AdditionalSense sense) {
        Set<Integer> all = new HashSet<>(lunMap.keySet());
        all.add(0);
        all.forEach(l -> raiseUnitAttention(l, sense));
    }

    /** Reports and clears the oldest unit attention of a LUN, or {@code null}. */
    public AdditionalSense pollUnitAttention(int lun) {
        UnitAttentionQueue q = unitAttentions.get(lun);
        return q == null ? null : q.poll();
    }

    /** The unit attentions pending at a LUN (not cleared), for QUERY ASYNCHRONOUS EVENT. */
    public UnitAttentionQueue unitAttentions(int lun) {
        return unitAttentions.computeIfAbsent(lun, l -> new UnitAttentionQueue());
    }

    /** Clears one kind of unit attention on every LUN. */
    public void clearUnitAttention(AdditionalSense sense) {
        unitAttentions.values().forEach(q -> q.clear(sense));
    }

    /** Queues a deferred error on every LUN number of {@code lunMap} that maps the unit. */
    void queueDeferredError(Map<Integer, MappedLun> lunMap, LogicalUnit unit, SenseData sense) {
        for (MappedLun m : lunMap.values()) {
            if (m.unit() == unit) {
                Queue<SenseData> q = deferredErrors.computeIfAbsent(m.lun(), l -> new ConcurrentLinkedQueue<>());
                if (q.size() < UnitAttentionQueue.CAPACITY) {
                    q.add(sense);
                }
            }
        }
    }

    /** Reports and clears the oldest deferred error of a LUN, or {@code null}. */
    public SenseData pollDeferredError(int lun) {
        Queue<SenseData> q = deferredErrors.get(lun);
        return q == null ? null : q.poll();
    }
}
