package io.quiver.itests;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The TCP sockets a Linux process listens on, from {@code /proc/net/tcp{,6}} joined with the socket
 * inodes of {@code /proc/<pid>/fd}, as "address:port" with the address in the kernel's hex (IPv4 and
 * IPv6 alike). Stateless.
 */
final class ListeningSockets {

    private static final String LISTEN = "0A";
    private static final Set<String> LOOPBACK = Set.of("0100007F", "00000000000000000000000001000000",
            "0000000000000000FFFF00000100007F");

    private ListeningSockets() {
    }

    static List<String> of(long pid) throws IOException {
        Set<String> inodes = new HashSet<>();
        try (Stream<Path> fds = Files.list(Path.of("/proc", String.valueOf(pid), "fd"))) {
            for (Path fd : (Iterable<Path>) fds::iterator) {
                try {
                    String link = Files.readSymbolicLink(fd).toString();
                    if (link.startsWith("socket:[")) {
                        inodes.add(link.substring(8, link.length() - 1));
                    }
                } catch (IOException closedMeanwhile) {
                    // the descriptor went away between listing and reading: not a listener of interest
                }
            }
        }
        List<String> listening = new ArrayList<>();
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            List<String> lines = Files.readAllLines(Path.of(table));
            for (String line : lines.subList(1, lines.size())) {
                String[] f = line.trim().split("\\s+");
                if (f[3].equals(LISTEN) && inodes.contains(f[9])) {
                    String[] local = f[1].split(":");
                    listening.add(local[0] + ":" + Integer.parseInt(local[1], 16));
                }
            }
        }
        return listening;
    }

    /** Whether an "address:port" of {@link #of} is on 127.0.0.1 or ::1. */
    static boolean loopback(String socket) {
        return LOOPBACK.contains(socket.substring(0, socket.indexOf(':')));
    }
}
