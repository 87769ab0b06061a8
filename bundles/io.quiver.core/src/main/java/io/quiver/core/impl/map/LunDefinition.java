package io.quiver.core.impl.map;

import io.quiver.api.mgmt.ObjectNames;
import java.util.Objects;

/**
 * One configured LUN: which device a LUN number of a target (or of one of its initiator groups) shows.
 * Immutable value; safe on any thread.
 *
 * @param id the configuration's PID, unique per definition
 * @param target the target's registered name
 * @param lun the LUN number, 0..16383
 * @param device the device name ({@code quiver.device.name})
 * @param readOnly write-protect the LUN whatever the device says
 * @param group the initiator group's name, or empty for the target's default LUN set
 */
public record LunDefinition(String id, String target, int lun, String device, boolean readOnly, String group) {

    /** Highest LUN number flat space addressing carries (SAM-5 4.7.7); the management tree's, one number. */
    public static final int MAX_LUN = ObjectNames.MAX_LUN;

    public LunDefinition {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(device, "device");
        group = group == null ? "" : group;
        if (lun < 0 || lun > MAX_LUN) {
            throw new IllegalArgumentException("LUN out of range 0.." + MAX_LUN + ": " + lun);
        }
    }

    /** Whether it belongs to the target's default LUN set. */
    public boolean isDefault() {
        return group.isEmpty();
    }
}
