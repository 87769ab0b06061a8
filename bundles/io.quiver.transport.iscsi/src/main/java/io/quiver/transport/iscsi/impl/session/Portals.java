package io.quiver.transport.iscsi.impl.session;

import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.net.SocketAddress;

/**
 * Portal addresses as iSCSI writes them in TargetAddress (RFC 7143, 13.8) and as Quiver's configuration
 * does: {@code address:port}, IPv6 in brackets and in the compressed form of RFC 5952. Stateless.
 */
public final class Portals {

    private Portals() {
    }

    /** {@code 127.0.0.1:3260} or {@code [::1]:3260}. */
    public static String format(SocketAddress address) {
        if (!(address instanceof InetSocketAddress)) {
            return String.valueOf(address);
        }
        InetSocketAddress a = (InetSocketAddress) address;
        if (a.getAddress() instanceof Inet6Address) {
            return "[" + compress(a.getAddress().getAddress()) + "]:" + a.getPort();
        }
        return a.getAddress().getHostAddress() + ":" + a.getPort();
    }

    /** The host part only ({@code 127.0.0.1}, {@code [::1]}): what limits per initiator address key on. */
    public static String host(SocketAddress address) {
        String portal = format(address);
        int colon = portal.lastIndexOf(':');
        return address instanceof InetSocketAddress && colon > 0 ? portal.substring(0, colon) : portal;
    }

    /** RFC 5952: lower-case hex groups, the longest run of two or more zero groups as "::". */
    static String compress(byte[] v6) {
        int[] groups = new int[8];
        for (int i = 0; i < 8; i++) {
            groups[i] = ((v6[2 * i] & 0xFF) << 8) | (v6[2 * i + 1] & 0xFF);
        }
        int bestStart = -1;
        int bestLength = 1;
        for (int i = 0; i < 8; i++) {
            int j = i;
            while (j < 8 && groups[j] == 0) {
                j++;
            }
            if (j - i > bestLength) {
                bestStart = i;
                bestLength = j - i;
            }
            i = Math.max(i, j);
        }
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                b.append("::");
                i += bestLength - 1;
                continue;
            }
            if (b.length() > 0 && b.charAt(b.length() - 1) != ':') {
                b.append(':');
            }
            b.append(Integer.toHexString(groups[i]));
        }
        return b.toString();
    }
}
