package io.quiver.core.impl.target;

import io.quiver.core.impl.lu.LogicalUnitServiceFactory;
import io.quiver.core.impl.map.GroupDefinition;
import io.quiver.core.impl.map.LunDefinition;
import io.quiver.scsi.AdditionalSense;
import io.quiver.spi.device.ScsiDevice;
import io.quiver.spi.target.ScsiTarget;
import io.quiver.spi.target.ScsiTargetCore;
import io.quiver.spi.target.TargetDriver;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The target core's state: attached logical units, configured LUNs and initiator groups, registered
 * targets and the logical-unit service factories. Configuration changes recompute every nexus' LUN map
 * ({@link #remap()}); the data path reads only the immutable maps the sessions hold.
 *
 * <p>Thread-safe: configuration changes are serialised on this object; nothing here blocks on I/O.
 */
public final class TargetCore implements ScsiTargetCore {

    private final Path dataDirectory;
    private final int sessionQueueDepth;
    private final Map<String, LogicalUnit> units = new ConcurrentHashMap<>();
    private final Map<String, LunDefinition> luns = new HashMap<>();
    private final Map<String, GroupDefinition> groups = new HashMap<>();
    private final Map<String, CoreTarget> targets = new ConcurrentHashMap<>();
    private final List<LogicalUnitServiceFactory> factories = new CopyOnWriteArrayList<>();
    private final DepartingUnits departing = new DepartingUnits();
    private final AtomicLong nexusIds = new AtomicLong();
    private int nextPortId = 1;

    /**
     * @param dataDirectory where logical-unit services persist their state
     * @param sessionQueueDepth the commands one nexus may have in flight
     */
    public TargetCore(Path dataDirectory, int sessionQueueDepth) {
        this.dataDirectory = Objects.requireNonNull(dataDirectory, "dataDirectory");
        this.sessionQueueDepth = sessionQueueDepth;
    }

    @Override
    public synchronized ScsiTarget registerTarget(TargetDriver driver, String targetName, int relativeTargetPortId) {
        if (targets.containsKey(targetName)) {
            throw new IllegalStateException("target already registered: " + targetName);
        }
        int rtpi = relativeTargetPortId;
        if (rtpi == 0) {
            while (portIdTaken(nextPortId)) {
                nextPortId++;
            }
            rtpi = nextPortId++;
        } else if (rtpi < 1 || rtpi > 0xFFFF || portIdTaken(rtpi)) {
            throw new IllegalStateException("relative target port id invalid or taken: " + rtpi);
        }
        CoreTarget t = new CoreTarget(this, driver, targetName, rtpi);
        targets.put(targetName, t);
        return t;
    }

    /**
     * How long the LUNs of a device that went away stay mapped, answering BUSY, before they vanish; a device
     * back within it (a handler's bundle:update) resumes them. 0, the default, removes them at once.
     */
    public void departureGrace(long millis) {
        departing.grace(millis);
    }

    private boolean portIdTaken(int id) {
        return targets.values().stream().anyMatch(t -> t.relativeTargetPortId() == id);
    }

    synchronized void unregistered(CoreTarget target) {
        targets.remove(target.name(), target);
    }

    /** A device service appeared: its logical unit is attached and the LUNs naming it come alive. */
    public void addDevice(ScsiDevice device) {
        LogicalUnit unit = new LogicalUnit(this, device);
        synchronized (this) {
            String name = unit.deviceName();
            if (units.containsKey(name)) {
                throw new IllegalStateException("device name in use: " + name);
            }
            departing.returned(name);
            units.put(name, unit);
            unit.attach(factories);
        }
        remap();
    }

    /**
     * A device service went away: its tasks end BUSY (initiators retry them); its LUNs answer BUSY for the
     * departure grace, then vanish (LOGICAL UNIT NOT SUPPORTED), unless the device comes back first.
     */
    public void removeDevice(ScsiDevice device) {
        LogicalUnit gone = null;
        synchronized (this) {
            for (LogicalUnit u : units.values()) {
                if (u.device() == device) {
                    gone = u;
                    units.remove(u.deviceName());
                    break;
                }
            }
        }
        if (gone != null) {
            boolean kept = departing.depart(gone, this::remap);
            gone.detach();
            if (!kept) {
                remap();
            }
        }
    }

    public void putLun(LunDefinition lun) {
        synchronized (this) {
            luns.put(lun.id(), lun);
        }
        remap();
    }

    public void removeLun(String id) {
        synchronized (this) {
            luns.remove(id);
        }
        remap();
    }

    public void putGroup(GroupDefinition group) {
        synchronized (this) {
            groups.put(group.id(), group);
        }
        remap();
    }

    public void removeGroup(String id) {
        synchronized (this) {
            groups.remove(id);
        }
        remap();
    }

    /** A logical-unit service factory appeared: every attached unit gets a service from it. */
    public synchronized void addFactory(LogicalUnitServiceFactory factory) {
        factories.add(factory);
        factories.sort(Comparator.comparingInt(LogicalUnitServiceFactory::order));
        units.values().forEach(u -> u.addService(factory));
    }

    public synchronized void removeFactory(LogicalUnitServiceFactory factory) {
        factories.remove(factory);
        units.values().forEach(u -> u.removeService(factory));
    }

    /** The factories in pipeline order. */
    public List<LogicalUnitServiceFactory> factories() {
        return factories;
    }

    /**
     * Recomputes every session's LUN map; sessions whose map changed get REPORTED LUNS DATA HAS CHANGED
     * on every LUN they see, or, where only departed devices came back under the same LUNs, POWER ON, RESET
     * on those LUNs (their logical units are new; the inventory is not).
     */
    public synchronized void remap() {
        for (CoreTarget t : targets.values()) {
            for (CoreSession s : t.sessions()) {
                Map<Integer, MappedLun> map = lunMap(t.name(), s.initiator().name());
                Map<Integer, MappedLun> old = s.lunMap();
                if (!s.updateLunMap(map)) {
                    continue;
                }
                if (DepartingUnits.onlyReturned(old, map)) {
                    map.values().stream().filter(m -> !m.equals(old.get(m.lun())))
                            .forEach(m -> s.raiseUnitAttention(m.lun(), AdditionalSense.POWER_ON_RESET_OR_BUS_DEVICE_RESET_OCCURRED));
                } else {
                    s.raiseOnAllLuns(AdditionalSense.REPORTED_LUNS_DATA_HAS_CHANGED);
                }
            }
        }
    }

    /**
     * The LUN map of an initiator at a target: the LUNs of the first group (by name) that admits it,
     * else the target's default LUNs; LUNs whose device is absent are left out.
     */
    public synchronized Map<Integer, MappedLun> lunMap(String targetName, String initiatorName) {
        String group = matchingGroup(targetName, initiatorName);
        Map<Integer, MappedLun> map = new TreeMap<>();
        for (LunDefinition d : luns.values()) {
            if (d.target().equals(targetName) && d.group().equals(group)) {
                LogicalUnit u = units.get(d.device());
                if (u == null) {
                    u = departing.get(d.device());
                }
                if (u != null) {
                    map.put(d.lun(), new MappedLun(d.lun(), u, d.readOnly()));
                }
            }
        }
        return Map.copyOf(map);
    }

    /**
     * Whether an initiator may see a target (SCST's {@code scst_initiator_has_luns}): unless the target has
     * groups, none admits the initiator and the target has no default LUNs.
     */
    public synchronized boolean admits(String targetName, String initiatorName) {
        boolean grouped = groups.values().stream().anyMatch(g -> g.target().equals(targetName));
        return !grouped || !matchingGroup(targetName, initiatorName).isEmpty()
                || luns.values().stream().anyMatch(d -> d.target().equals(targetName) && d.isDefault());
    }

    /** The name of the group an initiator falls in at a target, or "" for the default LUN set. */
    public synchronized String matchingGroup(String targetName, String initiatorName) {
        return groups.values().stream()
                .filter(g -> g.target().equals(targetName))
                .sorted(Comparator.comparing(GroupDefinition::name))
                .filter(g -> g.admits(initiatorName))
                .map(GroupDefinition::name)
                .findFirst().orElse("");
    }

    /** Every session of every target. */
    public List<CoreSession> sessions() {
        List<CoreSession> all = new ArrayList<>();
        targets.values().forEach(t -> all.addAll(t.sessions()));
        return all;
    }

    public Collection<CoreTarget> targets() {
        return targets.values();
    }

    public CoreTarget target(String name) {
        return targets.get(name);
    }

    public Collection<LogicalUnit> units() {
        return units.values();
    }

    public LogicalUnit unit(String deviceName) {
        return units.get(deviceName);
    }

    public synchronized List<LunDefinition> lunDefinitions() {
        return List.copyOf(luns.values());
    }

    public synchronized List<GroupDefinition> groupDefinitions() {
        return List.copyOf(groups.values());
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
            ts = List.copyOf(targets.values());
            us = List.copyOf(units.values());
            units.clear();
            departing.clear();
        }
        ts.forEach(CoreTarget::unregister);
        us.forEach(LogicalUnit::detach);
    }
}
