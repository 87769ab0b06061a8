package io.quiver.scsi;

import io.netty.buffer.ByteBuf;

/**
 * Sense data (SPC-4, 4.5): what a CHECK CONDITION carries. Encodes to fixed format (response codes
 * 70h/71h) or descriptor format (72h/73h) as the initiator asked through the D_SENSE bit of the
 * Control mode page. Build with {@link SenseBuilder} or the shortcuts here.
 *
 * <p>Immutable and safe on any thread; one instance may be sent to any number of initiators.
 */
public final class SenseData {

    /** Length of fixed-format sense data as Quiver writes it (additional length 10). */
    public static final int FIXED_LENGTH = 18;

    private final SenseKey key;
    private final int asc;
    private final int ascq;
    private final boolean deferred;
    private final boolean informationValid;
    private final long information;
    private final long commandSpecific;
    /** Bytes 15..17 of fixed format: SKSV, C/D, BPV, bit pointer, field pointer; 0 = none. */
    private final int senseKeySpecific;
    private final boolean ili;
    private final boolean filemark;
    private final boolean endOfMedium;
    /** A device's own sense bytes, sent unchanged (pass-through); {@code null} for sense Quiver builds. */
    private final byte[] raw;

    SenseData(SenseBuilder b) {
        this(b, null);
    }

    private SenseData(SenseBuilder b, byte[] raw) {
        this.raw = raw;
        this.key = b.key;
        this.asc = b.asc;
        this.ascq = b.ascq;
        this.deferred = b.deferred;
        this.informationValid = b.informationValid;
        this.information = b.information;
        this.commandSpecific = b.commandSpecific;
        this.senseKeySpecific = b.senseKeySpecific;
        this.ili = b.ili;
        this.filemark = b.filemark;
        this.endOfMedium = b.endOfMedium;
    }

    /**
     * A real device's sense data, kept byte for byte (a pass-through device returns what the device said, in
     * the format the device chose): {@link #encode} writes these bytes whatever format is asked for. Sense key,
     * ASC and ASCQ are read from fixed (70h/71h) or descriptor (72h/73h) format for the core's own use.
     * Copies {@code sense}'s readable bytes (sense is rare; this is not the data path).
     *
     * @throws IllegalArgumentException for fewer than 8 bytes or an unknown response code
     */
    public static SenseData raw(ByteBuf sense) {
        byte[] b = new byte[sense.readableBytes()];
        sense.getBytes(sense.readerIndex(), b);
        int code = b.length < 8 ? -1 : b[0] & 0x7F;
        boolean descriptor = code == 0x72 || code == 0x73;
        if (code != 0x70 && code != 0x71 && !descriptor) {
            throw new IllegalArgumentException("not sense data (response code " + code + ", " + b.length + " bytes)");
        }
        int key = (descriptor ? b[1] : b[2]) & 0x0F;
        int asc = descriptor ? b[2] & 0xFF : b.length > 12 ? b[12] & 0xFF : 0;
        int ascq = descriptor ? b[3] & 0xFF : b.length > 13 ? b[13] & 0xFF : 0;
        SenseBuilder builder = new SenseBuilder(SenseKey.fromCode(key), asc, ascq);
        return new SenseData(code == 0x71 || code == 0x73 ? builder.deferred() : builder, b);
    }

    /** Current-error sense with no further fields. */
    public static SenseData of(SenseKey key, AdditionalSense code) {
        return new SenseBuilder(key, code).build();
    }

    /** ILLEGAL REQUEST, INVALID FIELD IN CDB, pointing at the offending byte and bit. */
    public static SenseData invalidFieldInCdb(int byteOffset, int bit) {
        return new SenseBuilder(SenseKey.ILLEGAL_REQUEST, AdditionalSense.INVALID_FIELD_IN_CDB)
                .fieldPointer(true, byteOffset, bit).build();
    }

    /** ILLEGAL REQUEST, INVALID FIELD IN PARAMETER LIST, pointing at the offending byte and bit. */
    public static SenseData invalidFieldInParameterList(int byteOffset, int bit) {
        return new SenseBuilder(SenseKey.ILLEGAL_REQUEST, AdditionalSense.INVALID_FIELD_IN_PARAMETER_LIST)
                .fieldPointer(false, byteOffset, bit).build();
    }

    /** ILLEGAL REQUEST, INVALID COMMAND OPERATION CODE, pointing at CDB byte 0. */
    public static SenseData invalidOpcode() {
        return new SenseBuilder(SenseKey.ILLEGAL_REQUEST, AdditionalSense.INVALID_COMMAND_OPERATION_CODE)
                .fieldPointer(true, 0, -1).build();
    }

    public SenseKey key() {
        return key;
    }

    public int asc() {
        return asc;
    }

    public int ascq() {
        return ascq;
    }

    /** The listed name of the ASC/ASCQ, or {@code null} for one Quiver does not name. */
    public AdditionalSense additionalSense() {
        return AdditionalSense.of(asc, ascq);
    }

    public boolean deferred() {
        return deferred;
    }

    public boolean informationValid() {
        return informationValid;
    }

    public long information() {
        return information;
    }

    /** The incorrect length indicator (ILI). */
    public boolean incorrectLength() {
        return ili;
    }

    /** The FILEMARK bit of stream devices. */
    public boolean filemark() {
        return filemark;
    }

    /** The EOM bit of stream devices. */
    public boolean endOfMedium() {
        return endOfMedium;
    }

    public long commandSpecific() {
        return commandSpecific;
    }

    /** The three sense-key-specific bytes (SKSV in bit 23), or 0 if none. */
    public int senseKeySpecific() {
        return senseKeySpecific;
    }

    /** Bytes this sense data takes in the given format. */
    public int encodedLength(boolean descriptorFormat) {
        if (raw != null) {
            return raw.length;
        }
        if (!descriptorFormat) {
            return FIXED_LENGTH;
        }
        int len = 8;
        if (informationValid) {
            len += 12;
        }
        if (commandSpecific != 0) {
            len += 12;
        }
        if (senseKeySpecific != 0) {
            len += 8;
        }
        if (ili || filemark || endOfMedium) {
            len += 4;
        }
        return len;
    }

    /** Writes the sense data at the buffer's writer index. */
    public void encode(ByteBuf out, boolean descriptorFormat) {
        if (raw != null) {
            out.writeBytes(raw);
            return;
        }
        if (descriptorFormat) {
            encodeDescriptor(out);
        } else {
            encodeFixed(out);
        }
    }

    /** The encoded bytes, for callers that keep sense outside the data path (REQUEST SENSE, logs). */
    public byte[] toBytes(boolean descriptorFormat) {
        byte[] b = new byte[encodedLength(descriptorFormat)];
        ByteBuf buf = io.netty.buffer.Unpooled.wrappedBuffer(b);
        buf.writerIndex(0);
        encode(buf, descriptorFormat);
        return b;
    }

    private void encodeFixed(ByteBuf out) {
        boolean infoFits = informationValid && (information >>> 32) == 0;
        out.writeByte((infoFits ? 0x80 : 0) | (deferred ? 0x71 : 0x70));
        out.writeByte(0);
        out.writeByte((filemark ? 0x80 : 0) | (endOfMedium ? 0x40 : 0) | (ili ? 0x20 : 0) | key.code());
        out.writeInt(infoFits ? (int) information : 0);
        out.writeByte(FIXED_LENGTH - 8);
        out.writeInt((int) commandSpecific);
        out.writeByte(asc);
        out.writeByte(ascq);
        out.writeByte(0);
        out.writeMedium(senseKeySpecific);
    }

    private void encodeDescriptor(ByteBuf out) {
        out.writeByte(deferred ? 0x73 : 0x72);
        out.writeByte(key.code());
        out.writeByte(asc);
        out.writeByte(ascq);
        out.writeMedium(0);
        out.writeByte(encodedLength(true) - 8);
        if (informationValid) {
            out.writeByte(0x00).writeByte(0x0A).writeByte(0x80).writeByte(0);
            out.writeLong(information);
        }
        if (commandSpecific != 0) {
            out.writeByte(0x01).writeByte(0x0A).writeShort(0);
            out.writeLong(commandSpecific);
        }
        if (senseKeySpecific != 0) {
            out.writeByte(0x02).writeByte(0x06).writeShort(0);
            out.writeMedium(senseKeySpecific);
            out.writeByte(0);
        }
        if (filemark || endOfMedium) {
            // stream commands descriptor (SPC-4 4.5.2.6): FILEMARK, EOM and ILI together
            out.writeByte(0x04).writeByte(0x02).writeByte(0)
                    .writeByte((filemark ? 0x80 : 0) | (endOfMedium ? 0x40 : 0) | (ili ? 0x20 : 0));
        } else if (ili) {
            out.writeByte(0x05).writeByte(0x02).writeByte(0).writeByte(0x20);
        }
    }

    @Override
    public String toString() {
        AdditionalSense named = additionalSense();
        return key + "/" + (named != null ? named.text()
                : String.format("ASC 0x%02X ASCQ 0x%02X", asc, ascq));
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof SenseData)) {
            return false;
        }
        SenseData s = (SenseData) o;
        return key == s.key && asc == s.asc && ascq == s.ascq && deferred == s.deferred
                && informationValid == s.informationValid && information == s.information
                && commandSpecific == s.commandSpecific && senseKeySpecific == s.senseKeySpecific
                && ili == s.ili && filemark == s.filemark && endOfMedium == s.endOfMedium;
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(key, asc, ascq, information, senseKeySpecific);
    }
}
