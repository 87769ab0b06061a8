package io.quiver.transport.srp.iu;

/**
 * The SRP TransportID of persistent reservations (SPC-4 7.6.4.5): 24 bytes, byte 0 FORMAT CODE 00b and
 * PROTOCOL IDENTIFIER 4h, bytes 1..7 reserved, bytes 8..23 the INITIATOR PORT IDENTIFIER. Not instantiable.
 */
public final class SrpTransportId {

    /** PROTOCOL IDENTIFIER of SRP (SPC-4 table 362). */
    public static final int PROTOCOL_IDENTIFIER = 4;
    /** Bytes of an SRP TransportID. */
    public static final int LENGTH = 24;

    private SrpTransportId() {
    }

    /** The TransportID of an initiator port. */
    public static byte[] of(SrpPortId initiatorPortId) {
        byte[] b = new byte[LENGTH];
        b[0] = PROTOCOL_IDENTIFIER;
        System.arraycopy(initiatorPortId.toBytes(), 0, b, 8, SrpPortId.LENGTH);
        return b;
    }

    /**
     * The initiator port identifier in a TransportID.
     *
     * @throws IllegalArgumentException if not 24 bytes, not format 00b of protocol 4, or reserved bytes are set
     */
    public static SrpPortId parse(byte[] transportId) {
        if (transportId.length != LENGTH || transportId[0] != PROTOCOL_IDENTIFIER) {
            throw new IllegalArgumentException("not an SRP TransportID");
        }
        for (int k = 1; k < 8; k++) {
            if (transportId[k] != 0) {
                throw new IllegalArgumentException("reserved byte " + k + " of an SRP TransportID is set");
            }
        }
        long high = 0;
        long low = 0;
        for (int k = 0; k < 8; k++) {
            high = high << 8 | (transportId[8 + k] & 0xFF);
            low = low << 8 | (transportId[16 + k] & 0xFF);
        }
        return new SrpPortId(high, low);
    }
}
