package io.quiver.core.impl.target;

import io.quiver.core.impl.map.GroupDefinition;
import io.quiver.core.impl.map.LunDefinition;
import io.quiver.scsi.AdditionalSense;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * LUN masking (SCST's access control groups): the configured LUNs and initiator groups of every target,
 * and what follows from them for one initiator at one target: the group it falls in, whether it may see
 * the target at all, and its LUN map; and, after a change, every nexus' new LUN map with the unit
 * attentions it calls for.
 *
 * <p>Not thread-safe: {@link TargetCore} calls it only under its own monitor.
 */
final class LunMasking {

    private final Map<String, LunDefinition> luns = new HashMap<>();
    private final Map<String, GroupDefinition> groups = new HashMap<>();

    void putLun(LunDefinition lun) {
        luns.put(lun.id(), lun);
    }

    void removeLun(String id) {
        luns.remove(id);
    }

    void putGroup(GroupDefinition group) {
        groups.put(group.id(), group);
    }

    void removeGroup(String id) {
        groups.remove(id);
    }

    /**
     * Recomputes the LUN map of every session of {@code targets}; sessions whose map changed get REPORTED
     * LUNS DATA HAS CHANGED on every LUN they see, or, where only departed devices came back under the same
     * LUNs, POWER ON, RESET on those LUNs (their logical units are new; the inventory is not).
     */
    void remap(Collection<CoreTarget> targets, TargetCore core) {
        for (CoreTarget t : targets) {
            for (CoreSession s : t.sessions()) {
                Map<Integer, MappedLun> map = lunMap(t.name(), s.initiator().name(), core);
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
     * else the target's default LUNs; LUNs whose device {@code core} cannot map are left out.
     */
    Map<Integer, MappedLun> lunMap(String targetName, String initiatorName, TargetCore core) {
        String group = matchingGroup(targetName, initiatorName);
        Map<Integer, MappedLun> map = new TreeMap<>();
        for (LunDefinition d : luns.values()) {
            if (d.target().equals(targetName) && d.group().equals(group)) {
                LogicalUnit u = core.mappableUnit(d.device());
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
    boolean admits(String targetName, String initiatorName) {
        boolean grouped = groups.values().stream().anyMatch(g -> g.target().equals(targetName));
        return !grouped || !matchingGroup(targetName, initiatorName).isEmpty()
                || luns.values().stream().anyMatch(d -> d.target().equals(targetName) && d.isDefault());
    }

    /** The name of the group an initiator falls in at a target, or "" for the default LUN set. */
    String matchingGroup(String targetName, String initiatorName) {
        return groups.values().stream()
                .filter(g -> g.target().equals(targetName))
                .sorted(Comparator.comparing(GroupDefinition::name))
                .filter(g -> g.admits(initiatorName))
                .map(GroupDefinition::name)
                .findFirst().orElse("");
    }
}
