package io.quiver.core.impl.target;

import io.quiver.spi.target.TargetDriver;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The targets registered with the core, by name, each a target port with its SPC-4 relative target
 * port identifier: given by the driver, or the lowest free one from 1 up.
 *
 * <p>Thread-safe for readers; {@link TargetCore} registers and unregisters only under its own monitor.
 */
final class TargetPorts {

    private final Map<String, CoreTarget> targets = new ConcurrentHashMap<>();
    private int nextPortId = 1;

    /** @param relativeTargetPortId 0 to have one assigned */
    CoreTarget register(TargetCore core, TargetDriver driver, String targetName, int relativeTargetPortId) {
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
        CoreTarget t = new CoreTarget(core, driver, targetName, relativeTargetPortId, rtpi);
        targets.put(targetName, t);
        return t;
    }

    private boolean portIdTaken(int id) {
        return targets.values().stream().anyMatch(t -> t.relativeTargetPortId() == id);
    }

    /** Gives {@code target} the id the cluster allocated, unless another of this node's ports has it. */
    boolean renumber(CoreTarget target, int id) {
        if (id == target.relativeTargetPortId() || portIdTaken(id) || targets.get(target.name()) != target) {
            return false;
        }
        target.relativeTargetPortId(id);
        return true;
    }

    void unregistered(CoreTarget target) {
        targets.remove(target.name(), target);
    }

    Collection<CoreTarget> all() {
        return targets.values();
    }

    CoreTarget get(String name) {
        return targets.get(name);
    }

    /** Every session of every target. */
    List<CoreSession> sessions() {
        List<CoreSession> all = new ArrayList<>();
        targets.values().forEach(t -> all.addAll(t.sessions()));
        return all;
    }
}
