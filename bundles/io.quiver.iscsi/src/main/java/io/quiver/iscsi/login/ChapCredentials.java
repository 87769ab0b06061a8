package io.quiver.iscsi.login;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A CHAP user name and secret, as SCST's {@code IncomingUser}/{@code OutgoingUser} attributes write them:
 * {@code "name secret"}. Immutable; safe on any thread. {@link #toString()} never shows the secret.
 */
public final class ChapCredentials {

    private final String user;
    private final byte[] secret;

    public ChapCredentials(String user, String secret) {
        this.user = user;
        this.secret = secret.getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Parses {@code "name secret"} entries; blank entries are skipped.
     *
     * @throws IllegalArgumentException for an entry without a secret
     */
    public static List<ChapCredentials> parse(String[] entries) {
        List<ChapCredentials> list = new ArrayList<>();
        if (entries == null) {
            return list;
        }
        for (String e : entries) {
            String t = e == null ? "" : e.trim();
            if (t.isEmpty()) {
                continue;
            }
            int sp = t.indexOf(' ');
            if (sp <= 0) {
                throw new IllegalArgumentException("CHAP user needs \"name secret\"");
            }
            list.add(new ChapCredentials(t.substring(0, sp), t.substring(sp + 1).trim()));
        }
        return list;
    }

    public String user() {
        return user;
    }

    /** The secret's bytes (a copy): for computing CHAP responses only, never for display. */
    public byte[] secret() {
        return secret.clone();
    }

    @Override
    public String toString() {
        return user + " ********";
    }
}
