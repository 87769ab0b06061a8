package io.quiver.core.impl.alua;

import java.util.HashMap;
import java.util.Map;

/**
 * The explicit ALUA transitions (SET TARGET PORT GROUPS) in force over the configured states of the
 * target port groups, and the RTPG STATUS CODE of each group's last transition (SPC-4: 0 none, 1 altered
 * by SET TARGET PORT GROUPS, 2 altered by implicit behaviour, here the administrator's configuration).
 *
 * <p>Not thread-safe: {@link AluaManager} uses it only under its own monitor.
 */
final class ExplicitTransitions {

    /** Group id to the state STPG set; dropped when the group's configured state changes. */
    private final Map<Integer, AccessState> states = new HashMap<>();
    /** Group id to the RTPG STATUS CODE of its last transition. */
    private final Map<Integer, Integer> statusCodes = new HashMap<>();

    /** A group's configuration replaced {@code before} (null if it is new). */
    void configured(TargetPortGroup before, TargetPortGroup group) {
        if (before != null && before.state() != group.state()) {
            AccessState explicit = states.remove(group.id());
            if (explicit != group.state()) {
                // A configured transition supersedes an explicit one (SCST: the admin's state wins).
                statusCodes.put(group.id(), 2);
            }
            // Otherwise this is STPG's own state coming back through ConfigAdmin: still status 1.
        }
    }

    /** SET TARGET PORT GROUPS moved a group to {@code state}. */
    void set(int groupId, AccessState state) {
        states.put(groupId, state);
        statusCodes.put(groupId, 1);
    }

    /** A configured group as it is in force: its explicit state, if any, and its status code. */
    TargetPortGroup inForce(TargetPortGroup configured) {
        AccessState state = states.getOrDefault(configured.id(), configured.state());
        return configured.withState(state, statusCodes.getOrDefault(configured.id(), 0));
    }
}
