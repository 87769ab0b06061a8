package io.quiver.linux;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import io.quiver.linux.impl.Native;
import io.quiver.linux.impl.Native.Scratch;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.invoke.MethodHandle;

/**
 * An AF_PACKET raw socket ({@code socket(AF_PACKET, SOCK_RAW, htons(ethertype))}): whole Ethernet frames
 * of one ethertype on one interface (after {@link #bind}), multicast and extra unicast MAC membership,
 * {@code send}/{@code recv}, batches of frames for one {@code sendmmsg} ({@link PacketBatch}), TPACKET_V3 rings
 * ({@link PacketRing}) and TPACKET_V2 receive rings ({@link FrameRing}). Needs CAP_NET_RAW. The socket
 * lives in the network namespace of the thread that opened it. Calls may come from any thread; one
 * receiver and one sender at a time.
 */
public final class PacketSocket implements AutoCloseable {

    public static final int AF_PACKET = 17;
    public static final int SOCK_RAW = 3;
    public static final int SOCK_CLOEXEC = 02000000;
    public static final int SOL_PACKET = 263;
    public static final int SOL_SOCKET = 1;
    public static final int SO_RCVBUF = 8;
    public static final int SO_RCVBUFFORCE = 33;
    public static final int PACKET_ADD_MEMBERSHIP = 1;
    public static final int PACKET_DROP_MEMBERSHIP = 2;
    public static final int PACKET_RX_RING = 5;
    public static final int PACKET_STATISTICS = 6;
    public static final int PACKET_VERSION = 10;
    public static final int PACKET_TX_RING = 13;
    public static final int PACKET_MR_MULTICAST = 0;
    public static final int PACKET_MR_PROMISC = 1;
    public static final int PACKET_MR_ALLMULTI = 2;
    public static final int PACKET_MR_UNICAST = 3;
    public static final int TPACKET_V2 = 1;
    public static final int TPACKET_V3 = 2;
    public static final int MSG_DONTWAIT = 0x40;
    public static final short POLLIN = 1;
    public static final short POLLOUT = 4;

    /** {@code struct sockaddr_ll} of {@code <linux/if_packet.h>}; {@code sll_protocol} is big-endian. */
    public static final StructLayout SOCKADDR_LL = MemoryLayout.structLayout(
            JAVA_SHORT.withName("sll_family"),
            JAVA_SHORT.withName("sll_protocol"),
            JAVA_INT.withName("sll_ifindex"),
            JAVA_SHORT.withName("sll_hatype"),
            JAVA_BYTE.withName("sll_pkttype"),
            JAVA_BYTE.withName("sll_halen"),
            MemoryLayout.sequenceLayout(8, JAVA_BYTE).withName("sll_addr")).withName("sockaddr_ll");

    /** {@code struct packet_mreq} of {@code <linux/if_packet.h>}. */
    public static final StructLayout PACKET_MREQ = MemoryLayout.structLayout(
            JAVA_INT.withName("mr_ifindex"),
            JAVA_SHORT.withName("mr_type"),
            JAVA_SHORT.withName("mr_alen"),
            MemoryLayout.sequenceLayout(8, JAVA_BYTE).withName("mr_address")).withName("packet_mreq");

    /** {@code struct tpacket_stats_v3} of {@code <linux/if_packet.h>}. */
    public static final StructLayout TPACKET_STATS_V3 = MemoryLayout.structLayout(
            JAVA_INT.withName("tp_packets"),
            JAVA_INT.withName("tp_drops"),
            JAVA_INT.withName("tp_freeze_q_cnt")).withName("tpacket_stats_v3");

    private static final MethodHandle SOCKET = Native.libc("socket",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT));
    private static final MethodHandle BIND = Native.libc("bind",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT));
    private static final MethodHandle SETSOCKOPT = Native.libc("setsockopt",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT));
    private static final MethodHandle GETSOCKOPT = Native.libc("getsockopt",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS, ADDRESS));
    private static final MethodHandle SEND = Native.libc("send",
            FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT));
    private static final MethodHandle RECV = Native.libc("recv",
            FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT));

    private final int fd;
    private final int ethertype;
    private volatile boolean closed;

    private PacketSocket(int fd, int ethertype) {
        this.fd = fd;
        this.ethertype = ethertype;
    }

    /** A raw packet socket for frames of {@code ethertype} (0x8906 FCoE, 0x8914 FIP...), not yet bound. */
    public static PacketSocket open(int ethertype) throws LinuxException {
        Scratch s = Native.scratch();
        int fd;
        try {
            fd = (int) SOCKET.invokeExact(s.state, AF_PACKET, SOCK_RAW | SOCK_CLOEXEC, htons(ethertype) & 0xFFFF);
        } catch (Throwable t) {
            throw Native.linkageFailure(t);
        }
        return new PacketSocket(Native.check(fd, s, "socket(AF_PACKET, 0x" + Integer.toHexString(ethertype) + ")"),
                ethertype);
    }

    /** The descriptor, for {@link NetDevice} queries and {@link PacketRing}. */
    public int fd() {
        return fd;
    }

    /** Receives and sends only on the interface with index {@code ifindex}. */
    public void bind(int ifindex) throws LinuxException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment sll = arena.allocate(SOCKADDR_LL);
            sll.set(JAVA_SHORT, 0, (short) AF_PACKET);
            sll.set(JAVA_SHORT, 2, htons(ethertype));
            sll.set(JAVA_INT, 4, ifindex);
            Scratch s = Native.scratch();
            int rc = (int) BIND.invokeExact(s.state, fd, sll, (int) SOCKADDR_LL.byteSize());
            Native.check(rc, s, "bind(AF_PACKET, ifindex " + ifindex + ")");
        } catch (LinuxException e) {
            throw e;
        } catch (Throwable t) {
            throw Native.linkageFailure(t);
        }
    }

    /**
     * Adds ({@code add}) or drops a membership on {@code ifindex}: {@link #PACKET_MR_MULTICAST} or
     * {@link #PACKET_MR_UNICAST} with a 6-byte {@code mac}, or {@link #PACKET_MR_PROMISC}/{@link
     * #PACKET_MR_ALLMULTI} with {@code mac} null. The kernel drops it when the socket closes.
     */
    public void membership(boolean add, int ifindex, int type, byte[] mac) throws LinuxException {
        if (mac != null && mac.length > 8) {
            throw new IllegalArgumentException("packet_mreq holds up to 8 address bytes, not " + mac.length);
        }
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment mreq = arena.allocate(PACKET_MREQ);
            mreq.set(JAVA_INT, 0, ifindex);
            mreq.set(JAVA_SHORT, 4, (short) type);
            if (mac != null) {
                mreq.set(JAVA_SHORT, 6, (short) mac.length);
                MemorySegment.copy(mac, 0, mreq, JAVA_BYTE, 8, mac.length);
            }
            setOption(add ? PACKET_ADD_MEMBERSHIP : PACKET_DROP_MEMBERSHIP, mreq);
        }
    }

    /** {@code setsockopt(fd, SOL_PACKET, option, value)}. */
    public void setOption(int option, MemorySegment value) throws LinuxException {
        Scratch s = Native.scratch();
        int rc;
        try {
            rc = (int) SETSOCKOPT.invokeExact(s.state, fd, SOL_PACKET, option, value, (int) value.byteSize());
        } catch (Throwable t) {
            throw Native.linkageFailure(t);
        }
        Native.check(rc, s, "setsockopt(SOL_PACKET, " + option + ")");
    }

    /**
     * Sets the socket's receive buffer to {@code bytes}: {@code SO_RCVBUFFORCE} (with CAP_NET_ADMIN, past
     * {@code net.core.rmem_max}), else {@code SO_RCVBUF} (capped by rmem_max). A packet socket's default
     * (rmem_default, about 200 KiB) holds only some 90 full-size frames: a burst of data frames beyond that is
     * dropped by the kernel before the receiver can read it. Returns the size the kernel reports.
     */
    public int receiveBuffer(int bytes) throws LinuxException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment value = arena.allocateFrom(JAVA_INT, bytes);
            Scratch s = Native.scratch();
            int rc = (int) SETSOCKOPT.invokeExact(s.state, fd, SOL_SOCKET, SO_RCVBUFFORCE, value, 4);
            if (rc != 0) {
                s = Native.scratch();
                rc = (int) SETSOCKOPT.invokeExact(s.state, fd, SOL_SOCKET, SO_RCVBUF, value, 4);
                Native.check(rc, s, "setsockopt(SO_RCVBUF)");
            }
            MemorySegment len = arena.allocateFrom(JAVA_INT, 4);
            s = Native.scratch();
            rc = (int) GETSOCKOPT.invokeExact(s.state, fd, SOL_SOCKET, SO_RCVBUF, value, len);
            Native.check(rc, s, "getsockopt(SO_RCVBUF)");
            return value.get(JAVA_INT, 0);
        } catch (LinuxException e) {
            throw e;
        } catch (Throwable t) {
            throw Native.linkageFailure(t);
        }
    }

    /** Frames received and dropped since the last call ({@code PACKET_STATISTICS}, which resets them). */
    public int[] statistics() throws LinuxException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment stats = arena.allocate(TPACKET_STATS_V3);
            MemorySegment len = arena.allocateFrom(JAVA_INT, (int) stats.byteSize());
            Scratch s = Native.scratch();
            int rc = (int) GETSOCKOPT.invokeExact(s.state, fd, SOL_PACKET, PACKET_STATISTICS, stats, len);
            Native.check(rc, s, "getsockopt(PACKET_STATISTICS)");
            return new int[] {stats.get(JAVA_INT, 0), stats.get(JAVA_INT, 4)};
        } catch (LinuxException e) {
            throw e;
        } catch (Throwable t) {
            throw Native.linkageFailure(t);
        }
    }

    /**
     * Sends one whole Ethernet frame (destination MAC first) from native memory: the bytes sent.
     * EMSGSIZE when it exceeds the interface's MTU plus the Ethernet header.
     */
    public int send(MemorySegment frame) throws LinuxException {
        return (int) transfer(SEND, frame, 0, "send");
    }

    /** {@code send(fd, NULL, 0, flags)}: tells the kernel to transmit what a TX ring holds. */
    int kick(int flags) throws LinuxException {
        return (int) transfer(SEND, MemorySegment.NULL, flags, "send(TX ring)");
    }

    /**
     * Receives one frame into native {@code buffer}, waiting up to {@code timeoutMillis}: its length (frames
     * longer than the buffer are cut), or -1 if none came in time.
     */
    public int receive(MemorySegment buffer, int timeoutMillis) throws LinuxException {
        if (!poll(POLLIN, timeoutMillis)) {
            return -1;
        }
        return (int) transfer(RECV, buffer, MSG_DONTWAIT, "recv");
    }

    /** {@code poll} on this socket for {@code events}: whether one came within {@code timeoutMillis}. */
    public boolean poll(short events, int timeoutMillis) throws LinuxException {
        return FileIo.poll(fd, events, timeoutMillis);
    }

    /** Maps a TPACKET_V3 ring on this socket (one ring per socket: use two sockets for RX and TX). */
    public PacketRing ring(boolean transmit, int blockSize, int blockCount, int frameSize, int retireMillis)
            throws LinuxException {
        return PacketRing.map(this, transmit, blockSize, blockCount, frameSize, retireMillis);
    }

    /**
     * Maps a TPACKET_V2 receive ring on this socket: {@code blockCount} blocks of {@code blockSize} bytes (a
     * multiple of the page size), cut into slots of {@code frameSize} bytes (a multiple of 16) that each hold
     * one frame behind the slot's 66-byte head.
     */
    public FrameRing frameRing(int blockSize, int blockCount, int frameSize) throws LinuxException {
        return FrameRing.map(this, blockSize, blockCount, frameSize);
    }

    @Override
    public void close() throws LinuxException {
        if (!closed) {
            closed = true;
            FileIo.close(fd);
        }
    }

    private long transfer(MethodHandle call, MemorySegment buffer, int flags, String name) throws LinuxException {
        Scratch s = Native.scratch();
        long n;
        try {
            n = (long) call.invokeExact(s.state, fd, buffer, buffer.byteSize(), flags);
        } catch (Throwable t) {
            throw Native.linkageFailure(t);
        }
        return Native.check(n, s, name);
    }

    static short htons(int v) {
        return Short.reverseBytes((short) v);
    }
}
