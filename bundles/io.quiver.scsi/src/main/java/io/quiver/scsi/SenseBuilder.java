package io.quiver.scsi;

/**
 * Builds {@link SenseData}. A builder is used by one thread and thrown away; the data it builds is
 * immutable.
 *
 * <pre>{@code
 * SenseData s = new SenseBuilder(SenseKey.ILLEGAL_REQUEST, AdditionalSense.LOGICAL_BLOCK_ADDRESS_OUT_OF_RANGE)
 *         .information(lba).build();
 * }</pre>
 */
public final class SenseBuilder {

    final SenseKey key;
    final int asc;
    final int ascq;
    boolean deferred;
    boolean informationValid;
    long information;
    long commandSpecific;
    int senseKeySpecific;
    boolean ili;
    boolean filemark;
    boolean endOfMedium;

    public SenseBuilder(SenseKey key, AdditionalSense code) {
        this(key, code.asc(), code.ascq());
    }

    /** For vendor-specific or unlisted codes; prefer the {@link AdditionalSense} constructor. */
    public SenseBuilder(SenseKey key, int asc, int ascq) {
        if (key == null) {
            throw new IllegalArgumentException("sense key is required");
        }
        if ((asc & ~0xFF) != 0 || (ascq & ~0xFF) != 0) {
            throw new IllegalArgumentException("ASC and ASCQ are single bytes");
        }
        this.key = key;
        this.asc = asc;
        this.ascq = ascq;
    }

    /** Marks the sense as a deferred error (response code 71h/73h). */
    public SenseBuilder deferred() {
        this.deferred = true;
        return this;
    }

    /** Sets the INFORMATION field (an LBA, a residue) and its VALID bit. */
    public SenseBuilder information(long value) {
        this.informationValid = true;
        this.information = value;
        return this;
    }

    /** Sets the COMMAND-SPECIFIC INFORMATION field (EXTENDED COPY, REASSIGN BLOCKS). */
    public SenseBuilder commandSpecific(long value) {
        this.commandSpecific = value;
        return this;
    }

    /** Sets the incorrect length indicator. */
    public SenseBuilder incorrectLength() {
        this.ili = true;
        return this;
    }

    /** Sets the FILEMARK bit (SSC-3: a READ or SPACE stopped at a filemark). */
    public SenseBuilder filemark() {
        this.filemark = true;
        return this;
    }

    /** Sets the EOM bit (SSC-3: early warning, end of partition or beginning of partition reached). */
    public SenseBuilder endOfMedium() {
        this.endOfMedium = true;
        return this;
    }

    /**
     * Sets the field pointer sense-key-specific bytes (SPC-4, 4.5.2.4.2).
     *
     * @param inCdb {@code true} if the error is in the CDB (C/D = 1), {@code false} for the parameter data
     * @param byteOffset the offending byte, 0..65535
     * @param bit the offending bit 0..7, or -1 when the whole byte is at fault (BPV = 0)
     */
    public SenseBuilder fieldPointer(boolean inCdb, int byteOffset, int bit) {
        if (byteOffset < 0 || byteOffset > 0xFFFF || bit < -1 || bit > 7) {
            throw new IllegalArgumentException("field pointer out of range: byte " + byteOffset + " bit " + bit);
        }
        int sks = 0x800000 | (inCdb ? 0x400000 : 0) | byteOffset;
        if (bit >= 0) {
            sks |= 0x080000 | (bit << 16);
        }
        this.senseKeySpecific = sks;
        return this;
    }

    /** Sets the progress indication sense-key-specific bytes (NOT READY during FORMAT or SANITIZE). */
    public SenseBuilder progress(int sixtyFourThousandths) {
        this.senseKeySpecific = 0x800000 | (sixtyFourThousandths & 0xFFFF);
        return this;
    }

    public SenseData build() {
        return new SenseData(this);
    }
}
