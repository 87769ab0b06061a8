package io.quiver.core.impl.alua;

import io.quiver.scsi.AdditionalSense;

/**
 * The asymmetric access states of a target port group (SPC-4 5.15.2.4), with their configuration names,
 * their ASYMMETRIC ACCESS STATE codes and the sense a refused command gets in each. Immutable.
 */
public enum AccessState {
    ACTIVE_OPTIMIZED("active/optimized", 0x0, null),
    ACTIVE_NONOPTIMIZED("active/nonoptimized", 0x1, null),
    STANDBY("standby", 0x2, AdditionalSense.LOGICAL_UNIT_NOT_READY_TARGET_PORT_IN_STANDBY_STATE),
    UNAVAILABLE("unavailable", 0x3, AdditionalSense.LOGICAL_UNIT_NOT_READY_TARGET_PORT_IN_UNAVAILABLE_STATE),
    OFFLINE("offline", 0xE, AdditionalSense.LOGICAL_UNIT_NOT_READY_OFFLINE),
    TRANSITIONING("transitioning", 0xF, AdditionalSense.LOGICAL_UNIT_NOT_READY_ASYMMETRIC_ACCESS_STATE_TRANSITION);

    private final String configName;
    private final int code;
    private final AdditionalSense notReady;

    AccessState(String configName, int code, AdditionalSense notReady) {
        this.configName = configName;
        this.code = code;
        this.notReady = notReady;
    }

    /** The value of the {@code state} configuration attribute. */
    public String configName() {
        return configName;
    }

    /** The ASYMMETRIC ACCESS STATE field value. */
    public int code() {
        return code;
    }

    /** Whether every command is processed (the two active states). */
    public boolean active() {
        return notReady == null;
    }

    /** The NOT READY additional sense of a command this state refuses; {@code null} for active states. */
    public AdditionalSense notReadySense() {
        return notReady;
    }

    /**
     * The state of a configuration value; accepts SCST's names too ({@code active}, {@code nonoptimized}).
     *
     * @throws IllegalArgumentException for an unknown name
     */
    public static AccessState fromConfigName(String name) {
        String n = name.trim().toLowerCase(java.util.Locale.ROOT);
        switch (n) {
            case "active":
            case "optimized":
                return ACTIVE_OPTIMIZED;
            case "nonoptimized":
            case "non-optimized":
            case "active/non-optimized":
                return ACTIVE_NONOPTIMIZED;
            default:
                for (AccessState s : values()) {
                    if (s.configName.equals(n)) {
                        return s;
                    }
                }
                throw new IllegalArgumentException("unknown asymmetric access state: " + name);
        }
    }

    /** The state for an ASYMMETRIC ACCESS STATE code, or {@code null} for a reserved code. */
    public static AccessState fromCode(int code) {
        for (AccessState s : values()) {
            if (s.code == code) {
                return s;
            }
        }
        return null;
    }
}
