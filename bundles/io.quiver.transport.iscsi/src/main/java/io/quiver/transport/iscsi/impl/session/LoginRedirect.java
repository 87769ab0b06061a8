package io.quiver.transport.iscsi.impl.session;

/**
 * Where logins to a target are sent instead (RFC 7143, 6.2 and 11.13.5: status 0101h "target moved
 * temporarily" or 0102h "moved permanently", with TargetAddress), as iscsi-scst's {@code redirect} target
 * attribute writes it: {@code address[:port] [temp|perm]}, temporary when the kind is left out, port 3260 when
 * the port is. IPv6 addresses are written in brackets. Immutable.
 *
 * @param portal the destination as {@code address:port}
 * @param permanent whether the initiator should use the destination from now on (0102h) rather than for this
 *        login only (0101h)
 */
public record LoginRedirect(String portal, boolean permanent) {

    /** iSCSI's well-known port (RFC 7143, 13.8): the destination's port when the value names none. */
    static final int ISCSI_PORT = 3260;

    /**
     * Reads SCST's form; {@code null} for an empty value (no redirection).
     *
     * @throws IllegalArgumentException naming what is wrong with the value
     */
    public static LoginRedirect parse(String value) {
        String v = value == null ? "" : value.strip();
        if (v.isEmpty()) {
            return null;
        }
        String[] words = v.split("\\s+");
        if (words.length > 2) {
            throw new IllegalArgumentException("redirect takes 'address[:port] [temp|perm]', not '" + v + "'");
        }
        boolean permanent = false;
        if (words.length == 2) {
            if (!words[1].equals("temp") && !words[1].equals("perm")) {
                throw new IllegalArgumentException("redirect kind is temp or perm, not '" + words[1] + "'");
            }
            permanent = words[1].equals("perm");
        }
        return new LoginRedirect(portal(words[0]), permanent);
    }

    private static String portal(String a) {
        String host = a;
        String port = Integer.toString(ISCSI_PORT);
        if (a.startsWith("[")) {
            int close = a.indexOf(']');
            if (close < 0 || close + 1 < a.length() && a.charAt(close + 1) != ':') {
                throw new IllegalArgumentException("redirect address '" + a + "': an IPv6 address is [address]:port");
            }
            host = a.substring(0, close + 1);
            port = close + 1 < a.length() ? a.substring(close + 2) : port;
        } else if (a.indexOf(':') != a.lastIndexOf(':')) {
            throw new IllegalArgumentException("redirect address '" + a + "': write an IPv6 address in brackets");
        } else if (a.indexOf(':') > 0) {
            host = a.substring(0, a.indexOf(':'));
            port = a.substring(a.indexOf(':') + 1);
        }
        if (host.isEmpty() || host.equals("[]") || !host.matches("[\\w.\\-:\\[\\]]+")) {
            throw new IllegalArgumentException("redirect address '" + a + "' has no valid host");
        }
        int p;
        try {
            p = Integer.parseInt(port);
        } catch (NumberFormatException e) {
            p = -1;
        }
        if (p < 1 || p > 65535) {
            throw new IllegalArgumentException("redirect port '" + port + "' is not 1..65535");
        }
        return host + ":" + p;
    }

    /** The TargetAddress value for the login response: {@code address:port,tpgt}. */
    public String targetAddress(int portalGroupTag) {
        return portal + "," + portalGroupTag;
    }

    /** SCST's form, as the management views show it. */
    @Override
    public String toString() {
        return portal + (permanent ? " perm" : " temp");
    }
}
