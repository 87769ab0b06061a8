package io.quiver.core.impl.alua;

import io.quiver.core.impl.lu.Nexus;
import java.util.Set;

/**
 * A target port group as configured (or as STPG left it): the target ports it contains, by relative
 * target port identifier or by target name, and their common asymmetric access state. Immutable.
 *
 * @param name the configuration's unique name, referenced by device groups
 * @param id the TARGET PORT GROUP, 1..65535
 * @param state the asymmetric access state
 * @param preferred the PREF bit (SCST's {@code preferred})
 * @param relativeTargetPorts relative target port identifiers in the group
 * @param targets target names in the group (all their ports)
 * @param statusCode the STATUS CODE of RTPG: 0 none, 1 changed by STPG, 2 changed implicitly
 */
public record TargetPortGroup(String name, int id, AccessState state, boolean preferred,
        Set<Integer> relativeTargetPorts, Set<String> targets, int statusCode) {

    public TargetPortGroup {
        if (id < 1 || id > 0xFFFF) {
            throw new IllegalArgumentException("target port group id must be 1..65535: " + id);
        }
        relativeTargetPorts = Set.copyOf(relativeTargetPorts);
        targets = Set.copyOf(targets);
    }

    /** Whether the nexus' target port belongs to this group. */
    public boolean contains(Nexus nexus) {
        return contains(nexus.relativeTargetPortId(), nexus.targetName());
    }

    public boolean contains(int relativeTargetPortId, String targetName) {
        return relativeTargetPorts.contains(relativeTargetPortId)
                || (targetName != null && targets.contains(targetName));
    }

    /** The same group in another state (explicit or implicit transition). */
    public TargetPortGroup withState(AccessState newState, int newStatusCode) {
        return new TargetPortGroup(name, id, newState, preferred, relativeTargetPorts, targets, newStatusCode);
    }
}
