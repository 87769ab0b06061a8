package io.quiver.core.impl.target;

import io.quiver.core.impl.lu.Nexus;
import io.quiver.core.impl.map.LunAddress;
import io.quiver.core.impl.stats.IoStatistics;
import io.quiver.scsi.AdditionalSense;
import io.quiver.scsi.SenseData;
import io.quiver.scsi.SenseKey;
import io.quiver.spi.target.CommandResponse;
import io.quiver.spi.target.DesignationDescriptor;
import io.quiver.spi.target.InitiatorPort;
import io.quiver.spi.target.ScsiCommand;
import io.quiver.spi.target.Session;
import io.quiver.spi.target.SessionTransport;
import io.quiver.spi.target.TaskManagementRequest;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An I_T nexus: the session a transport opened, with its LUN map, the unit attentions and deferred
 * errors pending per LUN ({@link PendingConditions}), the tasks in flight by tag ({@link NexusTasks})
 * and its statistics. Thread-safe; nothing blocks.
 */
public final class CoreSession implements Session, Nexus {

    private static final Logger LOG = LoggerFactory.getLogger(CoreSession.class);
    /** Completes once {@link #end()}'s nexus loss is handled everywhere. */
    private final CompletableFuture<Void> ended = new CompletableFuture<>();

    private final CoreTarget target;
    private final long id;
    private final InitiatorPort initiator;
    private final SessionTransport transport;
    private final int queueDepth;
    private final List<DesignationDescriptor> designators;
    private final PendingConditions pending = new PendingConditions(this);
    private final NexusTasks tasks = new NexusTasks();
    private final IoStatistics statistics = new IoStatistics();
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile Map<Integer, MappedLun> lunMap = Map.of();

    CoreSession(CoreTarget target, long id, InitiatorPort initiator, SessionTransport transport, int queueDepth) {
        this.target = target;
        this.id = id;
        this.initiator = initiator;
        this.transport = transport;
        this.queueDepth = queueDepth;
        this.designators = designatorsOf(transport);
    }

    /**
     * The transport's target port and target device designators, asked once (they name the port the nexus
     * came through, which does not change), port ones first; none if the transport's answer is unusable.
     */
    private static List<DesignationDescriptor> designatorsOf(SessionTransport transport) {
        try {
            return transport.designators().stream()
                    .sorted(Comparator.comparingInt(DesignationDescriptor::association)).toList();
        } catch (RuntimeException e) {
            LOG.warn("transport's target port designators ignored", e);
            return List.of();
        }
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

    /** The target port and target device designators for VPD page 83h, port ones first. */
    public List<DesignationDescriptor> designators() {
        return designators;
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
        if (!tasks.submitted(task)) {
            task.fail(SenseData.of(SenseKey.ABORTED_COMMAND, AdditionalSense.OVERLAPPED_COMMANDS_ATTEMPTED));
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
        return tasks.inFlight();
    }

    void taskFinished(Task task) {
        tasks.finished(task);
    }

    /** The task in flight with that tag, or {@code null}. */
    public Task task(long tag) {
        return tasks.get(tag);
    }

    /** The tasks in flight. */
    public List<Task> tasks() {
        return tasks.all();
    }

    /** The unit attentions and deferred errors pending on this nexus' LUNs. */
    public PendingConditions conditions() {
        return pending;
    }

    /** Queues a unit attention for one LUN of this nexus and tells the transport an event is pending. */
    public void raiseUnitAttention(int lun, AdditionalSense sense) {
        pending.raiseUnitAttention(lun, sense);
    }

    /** Queues a unit attention on every LUN number of this nexus that maps the unit. */
    public void raiseUnitAttention(LogicalUnit unit, AdditionalSense sense) {
        pending.raiseUnitAttention(lunMap, unit, sense);
    }

    /** Queues a unit attention on every LUN this nexus sees, and on LUN 0 where REPORT LUNS goes. */
    void raiseOnAllLuns(AdditionalSense sense) {
        pending.raiseOnAllLuns(lunMap, sense);
    }

    /** Queues a deferred error (SPC-4 4.5.4) on every LUN number of this nexus that maps the unit. */
    void queueDeferredError(LogicalUnit unit, SenseData sense) {
        pending.queueDeferredError(lunMap, unit, sense);
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
        end();
    }

    @Override
    public CompletionStage<Void> end() {
        if (closed.compareAndSet(false, true)) {
            target.sessionClosed(this);
            TaskManagement.allOf(TaskManagement.nexusLost(this, lunMap.values()))
                    .whenComplete((v, e) -> ended.complete(null));
        }
        return ended;
    }

    @Override
    public String toString() {
        return initiator + "@" + target.name();
    }
}
