package io.quiver.core.impl.target;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Logical units whose device went away moments ago. Their LUNs stay mapped for a grace period and answer
 * BUSY, which every initiator retries: a handler's {@code bundle:update} or a bundle refresh (the device
 * leaves and comes back within a second or two) is then a short stall rather than I/O failed with LOGICAL
 * UNIT NOT SUPPORTED. A device back within the grace resumes its LUNs; after the grace they vanish (REPORTED
 * LUNS DATA HAS CHANGED), as a handler that was uninstalled for good.
 *
 * <p>Thread-safe: a concurrent map; the expiry runs on a common-pool thread after the grace.
 */
final class DepartingUnits {

    private final Map<String, LogicalUnit> units = new ConcurrentHashMap<>();
    private volatile long graceMillis;

    /** How long a departed device's LUNs stay mapped; 0 (the default) removes them at once. */
    void grace(long millis) {
        graceMillis = Math.max(0, millis);
    }

    /**
     * Keeps {@code unit} mapped for the grace and then runs {@code expired}, unless its device came back
     * ({@link #returned}) first. Returns false, keeping nothing, when there is no grace.
     */
    boolean depart(LogicalUnit unit, Runnable expired) {
        long grace = graceMillis;
        if (grace <= 0) {
            return false;
        }
        String name = unit.deviceName();
        units.put(name, unit);
        CompletableFuture.delayedExecutor(grace, TimeUnit.MILLISECONDS).execute(() -> {
            if (units.remove(name, unit)) {
                expired.run();
            }
        });
        return true;
    }

    /** The departed unit still mapped under a device name, or {@code null}. */
    LogicalUnit get(String deviceName) {
        return units.get(deviceName);
    }

    /** A device of this name is back: its departed unit is no longer mapped. */
    void returned(String deviceName) {
        units.remove(deviceName);
    }

    void clear() {
        units.clear();
    }

    /**
     * Whether a nexus' new LUN map is its old one with departed devices back under the same LUNs (same
     * numbers, same write protection): the inventory did not change, only those logical units were reset.
     */
    static boolean onlyReturned(Map<Integer, MappedLun> old, Map<Integer, MappedLun> now) {
        if (!old.keySet().equals(now.keySet())) {
            return false;
        }
        for (MappedLun m : now.values()) {
            MappedLun was = old.get(m.lun());
            boolean same = was.equals(m) || (was.unit().isDetached() && was.readOnly() == m.readOnly()
                    && was.unit().deviceName().equals(m.unit().deviceName()));
            if (!same) {
                return false;
            }
        }
        return true;
    }
}
