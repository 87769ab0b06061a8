package io.quiver.core.impl.target;

import io.quiver.core.impl.identity.IdentitySeed;
import io.quiver.scsi.AdditionalSense;
import io.quiver.spi.cluster.ReservationStore;
import io.quiver.core.impl.lu.LogicalUnitServiceFactory;
import io.quiver.core.impl.map.GroupDefinition;
import io.quiver.core.impl.map.LunDefinition;
import io.quiver.spi.device.ScsiDevice;
import io.quiver.spi.target.ScsiTarget;
import io.quiver.spi.target.ScsiTargetCore;
import io.quiver.spi.target.TargetDriver;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * The target core's state: attached logical units ({@link AttachedDevices}), configured LUNs and initiator
 * groups ({@link LunMasking}), registered targets ({@link TargetPorts}) and the logical-unit service
 * factories. Configuration changes recompute every nexus' LUN map ({@link #remap()}); the data path reads
 * only the immutable maps the sessions hold.
 *
 * <p>Thread-safe: configuration changes are serialised on this object; nothing here blocks on I/O.
 */
public final class TargetCore implements ScsiTargetCore {

    private final Path dataDirectory;
    private volatile int sessionQueueDepth;
    private final AttachedDevices units = new AttachedDevices();
    private final LunMasking masking = new LunMasking();
    private final TargetPorts targets = new TargetPorts();
    private final ClusterTargetPorts clusterPorts = new ClusterTargetPorts(this, targets);
    private final List<LogicalUnitServiceFactory> factories = new CopyOnWriteArrayList<>();
    private final AtomicLong nexusIds = new AtomicLong();
    private volatile IdentitySeed identitySeed;
    private volatile ReservationStore clusterStore;

    /** A core without a {@code setup_id}: see {@link #TargetCore(Path, int, String)}. */
    public TargetCore(Path dataDirectory, int sessionQueueDepth) {
        this(dataDirectory, sessionQueueDepth, null);
    }

    /**
     * @param dataDirectory where logical-unit services persist their state, and the installation id is kept
     * @param sessionQueueDepth the commands one nexus may have in flight
     * @param setupId SCST's {@code setup_id}, or empty/{@code null} to derive identities from the installation id
     * @throws IllegalArgumentException naming {@code setup_id} if it is malformed
     */
    public TargetCore(Path dataDirectory, int sessionQueueDepth, String setupId) {
        this.dataDirectory = Objects.requireNonNull(dataDirectory, "dataDirectory");
        this.sessionQueueDepth = sessionQueueDepth;
        this.identitySeed = IdentitySeed.load(dataDirectory, setupId);
    }

    /** What the identities of devices derive from ({@link io.quiver.core.impl.identity.DeviceIdentity}). */
    public IdentitySeed identitySeed() {
        return identitySeed;
    }

    /**
     * SCST's {@code setup_id} changed: every device's derived identity is derived again from the new seed at
     * once (the same identity a restart would give it) and its initiators are told INQUIRY DATA HAS CHANGED;
     * sessions stay. Nothing happens if the seed is the same.
     *
     * @param setupId as for {@link #TargetCore(Path, int, String)}
     * @throws IllegalArgumentException naming {@code setup_id} if it is malformed (the old seed stays)
     */
    public synchronized void setupId(String setupId) {
        IdentitySeed seed = IdentitySeed.of(identitySeed.installationId(), setupId);
        if (Objects.equals(seed.setupId(), identitySeed.setupId())) {
            return;
        }
        identitySeed = seed;
        for (LogicalUnit unit : units()) {
            unit.refreshDescriptor();
            unit.raiseUnitAttentionExcept(null, AdditionalSense.INQUIRY_DATA_HAS_CHANGED);
        }
    }

    /** The commands a nexus that logs in from now on may have in flight; sessions already there keep theirs. */
    public void sessionQueueDepth(int depth) {
        sessionQueueDepth = depth;
    }

    /** The cluster's reservation store (feature quiver-cluster), or {@code null}. */
    public ReservationStore clusterStore() {
        return clusterStore;
    }

    /**
     * A cluster's store came or went: {@code cluster_mode} units take the identity of the cluster (or fall back
     * to the installation's) and tell their initiators INQUIRY DATA HAS CHANGED.
     */
    public void clusterStore(ReservationStore store) {
        clusterStore = store;
        publishTargetPorts();
        for (LogicalUnit unit : units()) {
            if (unit.descriptor().clusterMode()) {
                unit.refreshDescriptor();
                unit.raiseUnitAttentionExcept(null, AdditionalSense.INQUIRY_DATA_HAS_CHANGED);
            }
        }
    }

    @Override
    public synchronized ScsiTarget registerTarget(TargetDriver driver, String targetName, int relativeTargetPortId) {
        ScsiTarget target = targets.register(this, driver, targetName, relativeTargetPortId);
        publishTargetPorts();
        return target;
    }

    /** Gives the cluster's store this node's target ports: ids unique across the cluster, published. */
    private void publishTargetPorts() {
        clusterPorts.changed();
    }

    /**
     * How long the LUNs of a device that went away stay mapped, answering BUSY, before they vanish; a device
     * back within it (a handler's bundle:update) resumes them. 0, the default, removes them at once.
     */
    public void departureGrace(long millis) {
        units.departureGrace(millis);
    }

    synchronized void unregistered(CoreTarget target) {
        targets.unregistered(target);
        publishTargetPorts();
    }

    /** A device service appeared: its logical unit is attached and the LUNs naming it come alive. */
    public void addDevice(ScsiDevice device) {
        LogicalUnit unit = new LogicalUnit(this, device);
        synchronized (this) {
            units.attach(unit, factories);
        }
        remap();
    }

    /**
     * A device service went away: its tasks end BUSY (initiators retry them); its LUNs answer BUSY for the
     * departure grace, then vanish (LOGICAL UNIT NOT SUPPORTED), unless the device comes back first.
     */
    public void removeDevice(ScsiDevice device) {
        LogicalUnit gone;
        synchronized (this) {
            gone = units.remove(device);
        }
        if (gone != null) {
            units.detach(gone, this::remap);
        }
    }

    public void putLun(LunDefinition lun) {
        changeMasking(m -> m.putLun(lun));
    }

    public void removeLun(String id) {
        changeMasking(m -> m.removeLun(id));
    }

    public void putGroup(GroupDefinition group) {
        changeMasking(m -> m.putGroup(group));
    }

    public void removeGroup(String id) {
        changeMasking(m -> m.removeGroup(id));
    }

    private void changeMasking(Consumer<LunMasking> change) {
        synchronized (this) {
            change.accept(masking);
        }
        remap();
    }

    /** A logical-unit service factory appeared: every attached unit gets a service from it. */
    public synchronized void addFactory(LogicalUnitServiceFactory factory) {
        factories.add(factory);
        factories.sort(Comparator.comparingInt(LogicalUnitServiceFactory::order));
        units.all().forEach(u -> u.addService(factory));
    }

    public synchronized void removeFactory(LogicalUnitServiceFactory factory) {
        factories.remove(factory);
        units.all().forEach(u -> u.removeService(factory));
    }

    /** The factories in pipeline order. */
    public List<LogicalUnitServiceFactory> factories() {
        return factories;
    }

    /** Recomputes every session's LUN map, with the unit attentions a change calls for ({@link LunMasking#remap}). */
    public synchronized void remap() {
        masking.remap(targets.all(), this);
    }

    /** The LUN map of an initiator at a target ({@link LunMasking#lunMap}); LUNs whose device is absent are left out. */
    public synchronized Map<Integer, MappedLun> lunMap(String targetName, String initiatorName) {
        return masking.lunMap(targetName, initiatorName, this);
    }

    /** The unit a LUN naming the device maps: see {@link AttachedDevices#mappable}. */
    LogicalUnit mappableUnit(String deviceName) {
        return units.mappable(deviceName);
    }

    /** Whether an initiator may see a target (SCST's {@code scst_initiator_has_luns}; {@link LunMasking#admits}). */
    public synchronized boolean admits(String targetName, String initiatorName) {
        return masking.admits(targetName, initiatorName);
    }

    /** The name of the group an initiator falls in at a target, or "" for the default LUN set. */
    public synchronized String matchingGroup(String targetName, String initiatorName) {
        return masking.matchingGroup(targetName, initiatorName);
    }

    /** Every session of every target. */
    public List<CoreSession> sessions() {
        return targets.sessions();
    }

    public Collection<CoreTarget> targets() {
        return targets.all();
    }

    public CoreTarget target(String name) {
        return targets.get(name);
    }

    public Collection<LogicalUnit> units() {
        return units.all();
    }

    public LogicalUnit unit(String deviceName) {
        return units.get(deviceName);
    }

    public Path dataDirectory() {
        return dataDirectory;
    }

    int sessionQueueDepth() {
        return sessionQueueDepth;
    }

    long nextNexusId() {
        return nexusIds.incrementAndGet();
    }

    /** Stops the core: every target is unregistered (sessions told to close) and every unit detached. */
    public void close() {
        List<CoreTarget> ts;
        List<LogicalUnit> us;
        synchronized (this) {
            ts = List.copyOf(targets.all());
            us = units.clear();
        }
        ts.forEach(CoreTarget::unregister);
        us.forEach(LogicalUnit::detach);
    }
}
