package io.quiver.core.impl.target;

import io.quiver.core.impl.identity.DeviceIdentity;
import io.quiver.core.impl.identity.IdentitySeed;
import io.quiver.core.impl.lu.LogicalUnitContext;
import io.quiver.core.impl.lu.LogicalUnitService;
import io.quiver.core.impl.lu.LogicalUnitServiceFactory;
import io.quiver.core.impl.lu.Nexus;
import io.quiver.core.impl.stats.IoStatistics;
import io.quiver.scsi.AdditionalSense;
import io.quiver.spi.cluster.ReservationStore;
import io.quiver.spi.device.DeviceDescriptor;
import io.quiver.spi.device.ScsiDevice;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;

/**
 * One attached device as a logical unit: its task set, its logical-unit services (reservations, ALUA,
 * log pages) in a {@link ServicePipeline}, the {@link DeviceThreads} its blocking work runs on (SCST's
 * {@code threads_num}), the {@link UnitEvents} it passes on, the Control mode page fields the core
 * enforces and its statistics.
 *
 * <p>Thread-safe. {@link #abortTasks} is the only method that blocks, and only as long as the device
 * takes to finish the tasks it aborts.
 */
public final class LogicalUnit implements LogicalUnitContext {

    private final TargetCore core;
    private final ScsiDevice device;
    private final String name;
    private final TaskSet taskSet = new TaskSet(this);
    private final IoStatistics statistics = new IoStatistics();
    private final UnitLogCounters logCounters = new UnitLogCounters();
    private final AcaCondition aca = new AcaCondition();
    private final ServicePipeline pipeline = new ServicePipeline(this);
    private final DeviceThreads threads;
    private final UnitEvents events;
    private final ClusterAtomicCommands clusterAtomic = new ClusterAtomicCommands(this);
    private volatile DeviceDescriptor descriptor;
    private volatile DeviceIdentity identity;
    private volatile boolean detached;
    volatile boolean descriptorSense;
    volatile boolean taskAbortedStatus;
    volatile int queueAlgorithmModifier;

    LogicalUnit(TargetCore core, ScsiDevice device) {
        this.core = core;
        this.device = device;
        this.descriptor = device.descriptor();
        this.name = descriptor.name();
        this.identity = DeviceIdentity.of(descriptor, seedFor(descriptor));
        this.threads = new DeviceThreads(name, pipeline);
        this.events = new UnitEvents(this, pipeline);
    }

    void attach(List<LogicalUnitServiceFactory> factories) {
        threads.start(descriptor.threads());
        factories.forEach(pipeline::add);
        device.attach(new UnitDeviceContext(this));
    }

    void addService(LogicalUnitServiceFactory factory) {
        pipeline.add(factory);
    }

    void removeService(LogicalUnitServiceFactory factory) {
        pipeline.remove(factory);
    }

    /** The device is gone: its tasks end BUSY, its services close. */
    void detach() {
        detached = true;
        events.detached();
        threads.shutdown();
        clusterAtomic.shutdown();
    }

    public boolean isDetached() {
        return detached;
    }

    public ScsiDevice device() {
        return device;
    }

    public DeviceDescriptor descriptor() {
        return descriptor;
    }

    void refreshDescriptor() {
        DeviceDescriptor d = device.descriptor();
        identity = DeviceIdentity.of(d, seedFor(d));
        descriptor = d;
    }

    /** A cluster_mode device's identity derives from the cluster id, so every node reports the same one. */
    private IdentitySeed seedFor(DeviceDescriptor d) {
        ReservationStore store = core.clusterStore();
        return d.clusterMode() && store != null ? IdentitySeed.of("cluster:" + store.clusterId(), null) : core.identitySeed();
    }

    @Override
    public boolean clusterMode() {
        return descriptor.clusterMode();
    }

    @Override
    public ReservationStore clusterStore() {
        return descriptor.clusterMode() ? core.clusterStore() : null;
    }

    /** The unit serial number and designators VPD 80h and 83h report (the descriptor's, else derived). */
    public DeviceIdentity identity() {
        return identity;
    }

    public TaskSet taskSet() {
        return taskSet;
    }

    public IoStatistics statistics() {
        return statistics;
    }

    /** The counters the log pages report. */
    public UnitLogCounters logCounters() {
        return logCounters;
    }

    /** The commands that run under the cluster-wide lock of a cluster_mode unit. */
    ClusterAtomicCommands clusterAtomic() {
        return clusterAtomic;
    }

    /** The unit's auto contingent allegiance condition. */
    AcaCondition aca() {
        return aca;
    }

    /** The logical-unit services in pipeline order. */
    public List<LogicalUnitService> services() {
        return pipeline.order();
    }

    public TargetCore core() {
        return core;
    }

    /** D_SENSE of the Control mode page: sense in descriptor format. */
    public boolean descriptorSense() {
        return descriptorSense;
    }

    public boolean taskAbortedStatus() {
        return taskAbortedStatus;
    }

    public int queueAlgorithmModifier() {
        return queueAlgorithmModifier;
    }

    /** Runs a task the task set released: a service that handles it, the core, or the device. */
    void dispatch(Task task) {
        threads.dispatch(task);
    }

    /** I_T nexus loss (see {@link UnitEvents#nexusLost}). */
    CompletableFuture<Void> nexusLost(CoreSession session, CompletableFuture<Void> aborted) {
        return events.nexusLost(session, aborted);
    }

    /** Logical unit reset (see {@link UnitEvents#reset}). */
    CompletableFuture<Void> reset(CompletableFuture<Void> aborted, AdditionalSense ua) {
        return events.reset(aborted, ua);
    }

    @Override
    public void clearedByPeer() {
        events.clearedByPeer();
    }

    /** CLEAR TASK SET through this node: the services share it (see {@link UnitEvents#clearTaskSet}). */
    CompletableFuture<Void> clearTaskSet() {
        return events.clearTaskSet();
    }

    @Override
    public void resetByPeer(AdditionalSense ua) {
        events.resetByPeer(ua);
    }

    @Override
    public String deviceName() {
        return name;
    }

    @Override
    public Collection<Nexus> nexuses() {
        List<Nexus> n = new ArrayList<>();
        for (CoreSession s : core.sessions()) {
            if (s.lunMap().values().stream().anyMatch(m -> m.unit() == this)) {
                n.add(s);
            }
        }
        return n;
    }

    @Override
    public void raiseUnitAttention(Nexus nexus, AdditionalSense sense) {
        ((CoreSession) nexus).raiseUnitAttention(this, sense);
    }

    @Override
    public void raiseUnitAttentionExcept(Nexus spared, AdditionalSense sense) {
        for (Nexus n : nexuses()) {
            if (n != spared) {
                raiseUnitAttention(n, sense);
            }
        }
    }

    @Override
    public void abortTasks(Predicate<Nexus> whose) {
        events.abortTasks(whose);
    }

    @Override
    public Path stateDirectory() {
        Path dir = core.dataDirectory().resolve("devices").resolve(name.replaceAll("[^A-Za-z0-9._-]", "_"));
        try {
            return Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public String toString() {
        return name;
    }
}
