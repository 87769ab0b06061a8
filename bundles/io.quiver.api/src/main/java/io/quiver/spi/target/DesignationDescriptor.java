package io.quiver.spi.target;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * One designation descriptor of VPD page 83h (SPC-4 7.8.6.1) that names a target port or the target device
 * holding it, built by a transport in its protocol's format (an iSCSI SCSI name string, a Fibre Channel WWPN
 * as NAA) and copied by the core into the page as it is. Logical-unit designators are not the transport's:
 * only associations {@link #TARGET_PORT} and {@link #TARGET_DEVICE} are accepted.
 *
 * <p>Immutable; safe on any thread.
 *
 * @since 0.4.0
 */
public final class DesignationDescriptor {

    /** ASSOCIATION 01b: the designator names the target port the command came through. */
    public static final int TARGET_PORT = 1;
    /** ASSOCIATION 10b: the designator names the SCSI target device that contains the port. */
    public static final int TARGET_DEVICE = 2;

    private static final int PIV = 0x80;
    private static final int CODE_SET_BINARY = 1;
    private static final int CODE_SET_UTF8 = 3;
    private static final int TYPE_NAA = 3;
    private static final int TYPE_SCSI_NAME_STRING = 8;
    private static final int MAX_NAME_LENGTH = 256;

    private final byte[] bytes;

    private DesignationDescriptor(byte[] bytes) {
        this.bytes = bytes;
    }

    /**
     * A descriptor from its bytes: the 4-byte header and the designator, whose length byte 3 gives.
     *
     * @throws IllegalArgumentException if the length does not match or the association is not 01b or 10b
     */
    public static DesignationDescriptor of(byte[] descriptor) {
        byte[] b = descriptor.clone();
        if (b.length < 4 || b.length != 4 + (b[3] & 0xFF)) {
            throw new IllegalArgumentException("designation descriptor length does not match its header");
        }
        int association = (b[1] >> 4) & 0x3;
        if (association != TARGET_PORT && association != TARGET_DEVICE) {
            throw new IllegalArgumentException("association " + association + " is not a target port or device");
        }
        return new DesignationDescriptor(b);
    }

    /**
     * A SCSI name string designator (type 8h, code set UTF-8, PIV set): {@code name} null-terminated and
     * padded with NULs to a multiple of 4 bytes (SPC-4 7.8.6.11), such as an iSCSI target port's
     * {@code iqn...,t,0x0001} or the target device's {@code iqn...}.
     *
     * @param protocolIdentifier the SPC-4 PROTOCOL IDENTIFIER (5 for iSCSI)
     * @param association {@link #TARGET_PORT} or {@link #TARGET_DEVICE}
     * @throws IllegalArgumentException if the padded name exceeds 256 bytes
     */
    public static DesignationDescriptor scsiNameString(int protocolIdentifier, int association, String name) {
        byte[] utf8 = name.getBytes(StandardCharsets.UTF_8);
        int padded = (utf8.length + 1 + 3) & ~3;
        if (padded > MAX_NAME_LENGTH) {
            throw new IllegalArgumentException("SCSI name string longer than 255 bytes: " + name);
        }
        return of(header(protocolIdentifier, CODE_SET_UTF8, association, TYPE_SCSI_NAME_STRING,
                Arrays.copyOf(utf8, padded)));
    }

    /**
     * An NAA designator (type 3h, code set binary, PIV set) of 8 or 16 bytes whose first nibble is the NAA
     * field, such as a Fibre Channel world wide port name (NAA 2h or 5h) or node name.
     *
     * @param protocolIdentifier the SPC-4 PROTOCOL IDENTIFIER (0 for Fibre Channel)
     * @param association {@link #TARGET_PORT} or {@link #TARGET_DEVICE}
     */
    public static DesignationDescriptor naa(int protocolIdentifier, int association, byte[] naa) {
        if (naa.length != 8 && naa.length != 16) {
            throw new IllegalArgumentException("an NAA designator has 8 or 16 bytes, not " + naa.length);
        }
        return of(header(protocolIdentifier, CODE_SET_BINARY, association, TYPE_NAA, naa));
    }

    private static byte[] header(int protocolIdentifier, int codeSet, int association, int type, byte[] value) {
        byte[] b = new byte[4 + value.length];
        b[0] = (byte) ((protocolIdentifier & 0xF) << 4 | codeSet);
        b[1] = (byte) (PIV | (association & 0x3) << 4 | type);
        b[3] = (byte) value.length;
        System.arraycopy(value, 0, b, 4, value.length);
        return b;
    }

    /** {@link #TARGET_PORT} or {@link #TARGET_DEVICE}. */
    public int association() {
        return (bytes[1] >> 4) & 0x3;
    }

    /** A copy of the whole descriptor: header and designator. */
    public byte[] bytes() {
        return bytes.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DesignationDescriptor d && Arrays.equals(bytes, d.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return java.util.HexFormat.of().formatHex(bytes);
    }
}
