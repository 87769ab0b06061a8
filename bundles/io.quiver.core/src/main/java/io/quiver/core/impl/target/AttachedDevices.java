package io.quiver.core.impl.target;

import io.quiver.core.impl.lu.LogicalUnitServiceFactory;
import io.quiver.spi.device.ScsiDevice;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The logical units of the devices attached to the core, by device name, and those of devices that went
 * away within their departure grace ({@link DepartingUnits}).
 *
 * <p>Thread-safe for readers (concurrent maps); {@link TargetCore} attaches and removes only under its
 * own monitor, and detaches a removed unit outside it.
 */
final class AttachedDevices {

    private final Map<String, LogicalUnit> units = new ConcurrentHashMap<>();
    private final DepartingUnits departing = new DepartingUnits();

    /** Attaches a new unit, with a service from each factory; its name must be free. */
    void attach(LogicalUnit unit, List<LogicalUnitServiceFactory> factories) {
        String name = unit.deviceName();
        if (units.containsKey(name)) {
            throw new IllegalStateException("device name in use: " + name);
        }
        departing.returned(name);
        units.put(name, unit);
        unit.attach(factories);
    }

    /** Forgets the unit of a device, still attached; {@code null} if the device has none. */
    LogicalUnit remove(ScsiDevice device) {
        for (LogicalUnit u : units.values()) {
            if (u.device() == device) {
                units.remove(u.deviceName());
                return u;
            }
        }
        return null;
    }

    /**
     * Detaches a removed unit, keeping it mappable for the departure grace; {@code remap} runs when its
     * LUNs are to vanish: at once without a grace, else when the grace expires.
     */
    void detach(LogicalUnit gone, Runnable remap) {
        boolean kept = departing.depart(gone, remap);
        gone.detach();
        if (!kept) {
            remap.run();
        }
    }

    /** See {@link TargetCore#departureGrace}. */
    void departureGrace(long millis) {
        departing.grace(millis);
    }

    /** The unit a LUN naming the device maps: the attached one, else one in its departure grace, else null. */
    LogicalUnit mappable(String deviceName) {
        LogicalUnit u = units.get(deviceName);
        return u != null ? u : departing.get(deviceName);
    }

    LogicalUnit get(String deviceName) {
        return units.get(deviceName);
    }

    Collection<LogicalUnit> all() {
        return units.values();
    }

    /** Forgets every unit, attached or departing; returns the attached ones for the caller to detach. */
    List<LogicalUnit> clear() {
        List<LogicalUnit> attached = List.copyOf(units.values());
        units.clear();
        departing.clear();
        return attached;
    }
}
