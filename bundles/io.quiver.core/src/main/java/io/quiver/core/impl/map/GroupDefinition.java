package io.quiver.core.impl.map;

import java.util.List;
import java.util.Objects;

/**
 * One configured initiator group of a target (SCST's {@code ini_group}): the initiators it admits and,
 * through the {@link LunDefinition}s naming it, the LUNs they see. Immutable; safe on any thread.
 *
 * @param id the configuration's PID
 * @param target the target's registered name
 * @param name the group's name, unique per target
 * @param initiators the patterns ({@code *}, {@code ?}, leading {@code !} excludes)
 */
public record GroupDefinition(String id, String target, String name, List<String> initiators) {

    public GroupDefinition {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(name, "name");
        initiators = List.copyOf(initiators);
    }

    /** Whether the initiator port name belongs to this group. */
    public boolean admits(String initiatorName) {
        return new InitiatorPattern(initiators.toArray(new String[0])).matches(initiatorName);
    }
}
