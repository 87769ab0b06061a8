package io.quiver.linux;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.lang.foreign.Arena;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.nio.charset.StandardCharsets;

/**
 * Network device queries by name through {@code ioctl} on any socket: {@code SIOCGIFINDEX},
 * {@code SIOCGIFHWADDR}, {@code SIOCGIFMTU}. The answer is about the device of that name in the
 * socket's network namespace. Stateless and thread-safe.
 */
public final class NetDevice {

    public static final long SIOCGIFMTU = 0x8921;
    public static final long SIOCGIFHWADDR = 0x8927;
    public static final long SIOCGIFINDEX = 0x8933;
    /** {@code IFNAMSIZ}: names are at most 15 bytes and a NUL. */
    public static final int IFNAMSIZ = 16;

    /** {@code struct sockaddr} of {@code <sys/socket.h>}. */
    public static final StructLayout SOCKADDR = MemoryLayout.structLayout(
            JAVA_SHORT.withName("sa_family"), MemoryLayout.sequenceLayout(14, JAVA_BYTE).withName("sa_data"))
            .withName("sockaddr");

    /** {@code struct ifreq} of {@code <net/if.h>}, with the union members this class uses. */
    public static final StructLayout IFREQ = MemoryLayout.structLayout(
            MemoryLayout.unionLayout(MemoryLayout.sequenceLayout(IFNAMSIZ, JAVA_BYTE).withName("ifrn_name"))
                    .withName("ifr_ifrn"),
            MemoryLayout.unionLayout(
                    JAVA_INT.withName("ifru_ivalue"),
                    JAVA_INT.withName("ifru_mtu"),
                    SOCKADDR.withName("ifru_hwaddr"),
                    MemoryLayout.paddingLayout(24)).withName("ifr_ifru"))
            .withName("ifreq");

    private static final long IFRU = IFREQ.byteOffset(MemoryLayout.PathElement.groupElement("ifr_ifru"));

    private NetDevice() {
    }

    /** The interface index of {@code name} ({@code SIOCGIFINDEX}); ENODEV if there is no such device. */
    public static int index(int socketFd, String name) throws LinuxException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment ifr = ifreq(arena, name);
            Ioctl.ioctl(socketFd, SIOCGIFINDEX, ifr);
            return ifr.get(JAVA_INT, IFRU);
        }
    }

    /** The MTU of {@code name} ({@code SIOCGIFMTU}). */
    public static int mtu(int socketFd, String name) throws LinuxException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment ifr = ifreq(arena, name);
            Ioctl.ioctl(socketFd, SIOCGIFMTU, ifr);
            return ifr.get(JAVA_INT, IFRU);
        }
    }

    /** The 6-byte hardware (MAC) address of Ethernet device {@code name} ({@code SIOCGIFHWADDR}). */
    public static byte[] hardwareAddress(int socketFd, String name) throws LinuxException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment ifr = ifreq(arena, name);
            Ioctl.ioctl(socketFd, SIOCGIFHWADDR, ifr);
            byte[] mac = new byte[6];
            MemorySegment.copy(ifr, JAVA_BYTE, IFRU + 2, mac, 0, 6);
            return mac;
        }
    }

    private static MemorySegment ifreq(Arena arena, String name) {
        byte[] bytes = name.getBytes(StandardCharsets.US_ASCII);
        if (bytes.length >= IFNAMSIZ || bytes.length == 0) {
            throw new IllegalArgumentException("network device name of 1 to 15 characters expected: " + name);
        }
        MemorySegment ifr = arena.allocate(IFREQ);
        MemorySegment.copy(bytes, 0, ifr, JAVA_BYTE, 0, bytes.length);
        return ifr;
    }
}
