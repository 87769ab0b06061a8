package io.quiver.iscsi.login;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * CHAP digest algorithms by their CHAP_A number (RFC 1994 / IANA PPP authentication algorithms, RFC 7143
 * 12.1.3): MD5 (5) as RFC 7143 requires, and SHA-1 (6), SHA-256 (7) and SHA3-256 (8) as open-iscsi 2.1+
 * initiators offer them. {@link #values()} is in Quiver's preference order, strongest first. Immutable.
 */
public enum ChapAlgorithm {
    SHA3_256(8, "SHA3-256"),
    SHA_256(7, "SHA-256"),
    SHA_1(6, "SHA-1"),
    MD5(5, "MD5");

    private final int number;
    private final String jcaName;

    ChapAlgorithm(int number, String jcaName) {
        this.number = number;
        this.jcaName = jcaName;
    }

    /** The CHAP_A value. */
    public int number() {
        return number;
    }

    /** The algorithm for a CHAP_A value, or {@code null}. */
    public static ChapAlgorithm of(int number) {
        for (ChapAlgorithm a : values()) {
            if (a.number == number) {
                return a;
            }
        }
        return null;
    }

    /** Length of a response and of the challenge Quiver sends, in bytes. */
    public int digestLength() {
        return newDigest().getDigestLength();
    }

    /** CHAP response: the digest of identifier, secret and challenge (RFC 1994, 4.1). */
    public byte[] response(int identifier, byte[] secret, byte[] challenge) {
        MessageDigest md = newDigest();
        md.update((byte) identifier);
        md.update(secret);
        md.update(challenge);
        return md.digest();
    }

    private MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance(jcaName);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(jcaName + " is required of every Java runtime", e);
        }
    }
}
