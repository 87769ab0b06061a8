package io.quiver.transport.iscsi.impl.isns;

/**
 * The iSNS server the driver registers with, as iscsi-scst's {@code iSNSServer} attribute writes it:
 * {@code host[:port] [AccessControl]} (port 3205 when left out; IPv6 in brackets). Immutable.
 *
 * @param accessControl whether SCST's AccessControl word was given; Quiver reads it and says it does not
 *        enforce it (targets' own initiator groups decide who logs in)
 */
public record IsnsServer(String host, int port, boolean accessControl) {

    /**
     * Reads the attribute; {@code null} for an empty value (no iSNS).
     *
     * @throws IllegalArgumentException naming what is wrong
     */
    public static IsnsServer parse(String value) {
        String v = value == null ? "" : value.strip();
        if (v.isEmpty()) {
            return null;
        }
        String[] words = v.split("\\s+");
        if (words.length > 2 || words.length == 2 && !words[1].equalsIgnoreCase("AccessControl")) {
            throw new IllegalArgumentException("iSNSServer takes 'host[:port] [AccessControl]', not '" + v + "'");
        }
        String a = words[0];
        String host = a;
        String port = null;
        if (a.startsWith("[")) {
            int close = a.indexOf(']');
            if (close < 0) {
                throw new IllegalArgumentException("iSNSServer '" + a + "': unclosed [");
            }
            host = a.substring(1, close);
            port = close + 1 < a.length() && a.charAt(close + 1) == ':' ? a.substring(close + 2) : null;
        } else if (a.indexOf(':') > 0 && a.indexOf(':') == a.lastIndexOf(':')) {
            host = a.substring(0, a.indexOf(':'));
            port = a.substring(a.indexOf(':') + 1);
        }
        int p = IsnsTags.ISNS_PORT;
        if (port != null) {
            try {
                p = Integer.parseInt(port);
            } catch (NumberFormatException e) {
                p = -1;
            }
            if (p < 1 || p > 65535) {
                throw new IllegalArgumentException("iSNSServer port '" + port + "' is not 1..65535");
            }
        }
        return new IsnsServer(host, p, words.length == 2);
    }

    @Override
    public String toString() {
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }
}
