package io.quiver.core.impl.pr;

/**
 * The six persistent reservation types of SPC-4 (table 180) and how each one shares access. Immutable.
 */
public enum PrType {
    WRITE_EXCLUSIVE(0x1, false, false, false),
    EXCLUSIVE_ACCESS(0x3, true, false, false),
    WRITE_EXCLUSIVE_REGISTRANTS_ONLY(0x5, false, true, false),
    EXCLUSIVE_ACCESS_REGISTRANTS_ONLY(0x6, true, true, false),
    WRITE_EXCLUSIVE_ALL_REGISTRANTS(0x7, false, true, true),
    EXCLUSIVE_ACCESS_ALL_REGISTRANTS(0x8, true, true, true);

    private final int code;
    private final boolean exclusiveAccess;
    private final boolean registrantsShare;
    private final boolean allRegistrants;

    PrType(int code, boolean exclusiveAccess, boolean registrantsShare, boolean allRegistrants) {
        this.code = code;
        this.exclusiveAccess = exclusiveAccess;
        this.registrantsShare = registrantsShare;
        this.allRegistrants = allRegistrants;
    }

    /** The TYPE field value. */
    public int code() {
        return code;
    }

    /** Exclusive Access: non-holders may not even read. */
    public boolean exclusiveAccess() {
        return exclusiveAccess;
    }

    /** Registrants Only or All Registrants: every registered I_T nexus has full access. */
    public boolean registrantsShare() {
        return registrantsShare;
    }

    /** All Registrants: every registered I_T nexus is a reservation holder. */
    public boolean allRegistrants() {
        return allRegistrants;
    }

    /** Registrants Only types: releasing or losing the holder releases the others (UA owed). */
    public boolean registrantsOnly() {
        return registrantsShare && !allRegistrants;
    }

    /** The type for a TYPE field value, or {@code null} for a reserved or obsolete value. */
    public static PrType fromCode(int code) {
        for (PrType t : values()) {
            if (t.code == code) {
                return t;
            }
        }
        return null;
    }
}
