package io.quiver.initiator.iscsi;

import java.util.Objects;

/**
 * Where and how an {@link IscsiSession} logs in. CHAP is used when {@code chapUser} is set; mutual CHAP when
 * {@code mutualUser} is set too (the target must then prove it knows {@code mutualSecret}). Immutable;
 * {@link #toString()} never shows a secret.
 *
 * @param host the target portal's address
 * @param port the target portal's TCP port
 * @param initiatorName the iSCSI name this initiator logs in as
 * @param targetName the target's iSCSI name
 * @param chapUser CHAP user name, or {@code null} for AuthMethod None
 * @param chapSecret CHAP secret, or {@code null}
 * @param mutualUser the target's CHAP user name for mutual CHAP, or {@code null}
 * @param mutualSecret the target's CHAP secret for mutual CHAP, or {@code null}
 * @param digests whether to offer CRC32C header and data digests (preferred over None)
 */
public record SessionSettings(String host, int port, String initiatorName, String targetName, String chapUser,
        String chapSecret, String mutualUser, String mutualSecret, boolean digests) {

    public SessionSettings {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(initiatorName, "initiatorName");
        Objects.requireNonNull(targetName, "targetName");
        if ((chapUser == null) != (chapSecret == null) || (mutualUser == null) != (mutualSecret == null)
                || (mutualUser != null && chapUser == null)) {
            throw new IllegalArgumentException("CHAP needs user and secret; mutual CHAP needs CHAP");
        }
    }

    /** A login without authentication and without digests. */
    public static SessionSettings of(String host, int port, String initiatorName, String targetName) {
        return new SessionSettings(host, port, initiatorName, targetName, null, null, null, null, false);
    }

    @Override
    public String toString() {
        return initiatorName + " -> " + targetName + "@" + host + ":" + port + (chapUser == null ? "" : " CHAP " + chapUser)
                + (mutualUser == null ? "" : " mutual " + mutualUser);
    }
}
