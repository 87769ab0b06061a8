package io.quiver.core.impl.map;

/**
 * The 8-byte LUN field of SAM-5 4.7 as the core understands it: single-level peripheral device
 * addressing (LUN 0..255) and flat space addressing (0..16383), and the REPORT LUNS well-known logical
 * unit. Stateless; safe on any thread.
 */
public final class LunAddress {

    /** The REPORT LUNS well-known logical unit (SPC-4 8.2), W-LUN 01h, extended addressing. */
    public static final long REPORT_LUNS_WLUN = 0xC101_0000_0000_0000L;

    /** What {@link #decode} returns for a LUN field the core cannot address. */
    public static final int INVALID = -1;

    /** What {@link #decode} returns for the REPORT LUNS well-known LUN. */
    public static final int WELL_KNOWN_REPORT_LUNS = -2;

    private LunAddress() {
    }

    /**
     * The LUN number a LUN field addresses, {@link #WELL_KNOWN_REPORT_LUNS}, or {@link #INVALID} for other
     * address methods, bus identifiers other than 0, or a second level.
     */
    public static int decode(long field) {
        if (field == REPORT_LUNS_WLUN) {
            return WELL_KNOWN_REPORT_LUNS;
        }
        if ((field & 0x0000_FFFF_FFFF_FFFFL) != 0) {
            return INVALID;
        }
        int first = (int) (field >>> 48);
        switch (first >>> 14) {
            case 0:
                return (first & 0x3F00) == 0 ? first & 0xFF : INVALID;
            case 1:
                return first & 0x3FFF;
            default:
                return INVALID;
        }
    }

    /** The LUN field for a LUN number: peripheral addressing below 256, flat space above (as Linux expects). */
    public static long encode(int lun) {
        if (lun < 0 || lun > LunDefinition.MAX_LUN) {
            throw new IllegalArgumentException("LUN out of range: " + lun);
        }
        long first = lun < 256 ? lun : 0x4000 | lun;
        return first << 48;
    }
}
