package io.quiver.rdma.verbs;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.ByteOrder;

/**
 * {@code struct sockaddr_in} and {@code sockaddr_in6} to and from {@link InetSocketAddress}: what RDMA CM
 * takes for binding and resolving and returns as an id's local and peer address. Stateless.
 */
final class Sockaddr {

    private static final int AF_INET = 2;
    private static final int AF_INET6 = 10;
    private static final int SIZE = 28; // sockaddr_in6, the larger of the two

    private Sockaddr() {
    }

    /** {@code address} as a sockaddr in {@code arena}; the wildcard stays the wildcard of its family. */
    static MemorySegment of(InetSocketAddress address, Arena arena) {
        MemorySegment sa = arena.allocate(SIZE, 4);
        byte[] ip = address.getAddress().getAddress();
        sa.set(JAVA_SHORT, 0, (short) (ip.length == 4 ? AF_INET : AF_INET6));
        sa.set(JAVA_SHORT.withOrder(ByteOrder.BIG_ENDIAN), 2, (short) address.getPort());
        MemorySegment.copy(ip, 0, sa, JAVA_BYTE, ip.length == 4 ? 4 : 8, ip.length);
        return sa;
    }

    /** The sockaddr at {@code offset} of the struct {@code base} points to, or null for an unknown family. */
    @SuppressWarnings("restricted") // a sockaddr inside librdmacm's rdma_cm_id; we read 28 bytes of it
    static InetSocketAddress from(MemorySegment base, long offset) {
        MemorySegment sa = base.reinterpret(offset + SIZE).asSlice(offset);
        int family = sa.get(JAVA_SHORT, 0);
        int port = Short.toUnsignedInt(sa.get(JAVA_SHORT.withOrder(ByteOrder.BIG_ENDIAN), 2));
        byte[] ip;
        if (family == AF_INET) {
            ip = sa.asSlice(4, 4).toArray(JAVA_BYTE);
        } else if (family == AF_INET6) {
            ip = sa.asSlice(8, 16).toArray(JAVA_BYTE);
        } else {
            return null;
        }
        try {
            return new InetSocketAddress(InetAddress.getByAddress(ip), port);
        } catch (UnknownHostException e) {
            throw new IllegalStateException("bad address length " + ip.length, e);
        }
    }
}
