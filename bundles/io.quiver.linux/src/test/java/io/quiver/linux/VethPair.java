package io.quiver.linux;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;

/**
 * Two network namespaces made for one test class ({@code qtest-PID-a}, {@code qtest-PID-b}) joined by a
 * veth pair ({@code qa0} in a, {@code qb0} in b), both up with the given MTU; {@link #close} deletes the
 * namespaces and so the pair. {@link #in} runs code on a fresh thread that has entered a namespace (setns
 * through this layer): sockets it opens stay there. Needs root and iproute2.
 */
final class VethPair implements AutoCloseable {

    static final String DEV_A = "qa0";
    static final String DEV_B = "qb0";

    final String nsA;
    final String nsB;
    private final List<String> made = new ArrayList<>();

    private VethPair(String id) {
        nsA = id + "-a";
        nsB = id + "-b";
    }

    /** Creates both namespaces and the pair, or removes what it made and throws. */
    static VethPair create(int mtu) throws IOException {
        removeLeftovers();
        VethPair p = new VethPair("qtest-" + ProcessHandle.current().pid());
        try {
            for (String ns : List.of(p.nsA, p.nsB)) {
                ip("netns", "add", ns);
                p.made.add(ns);
            }
            ip("link", "add", DEV_A, "netns", p.nsA, "mtu", String.valueOf(mtu), "type", "veth", "peer", "name",
                    DEV_B, "netns", p.nsB, "mtu", String.valueOf(mtu));
            ip("-n", p.nsA, "link", "set", DEV_A, "up");
            ip("-n", p.nsB, "link", "set", DEV_B, "up");
            return p;
        } catch (IOException | RuntimeException e) {
            p.close();
            throw e;
        }
    }

    /**
     * Deletes the namespaces of earlier test JVMs that were killed before {@link #close} ran: their names carry
     * the PID, and a PID that is no longer alive owns nothing (a live one may be a parallel run: left alone).
     */
    private static void removeLeftovers() throws IOException {
        for (String line : ip("netns", "list").split("\n")) {
            String ns = line.split(" ")[0];
            if (ns.matches("qtest-\\d+-[ab]")
                    && ProcessHandle.of(Long.parseLong(ns.split("-")[1])).map(h -> !h.isAlive()).orElse(true)) {
                ip("netns", "del", ns);
            }
        }
    }

    /** A test class's pair: skips the class without root or iproute2, else {@link #create}s it. */
    static VethPair forTest(int mtu) throws IOException {
        Privileges.require(Privileges.root(), "AF_PACKET sockets and network namespaces need root");
        Privileges.require(Files.isExecutable(Path.of("/usr/sbin/ip")) || Files.isExecutable(Path.of("/sbin/ip")),
                "iproute2 (ip) is not installed");
        return create(mtu);
    }

    /** A packet socket for {@code ethertype} opened inside {@code ns} and bound to its {@code dev}. */
    static PacketSocket socket(String ns, String dev, int ethertype) throws Exception {
        return in(ns, () -> {
            PacketSocket s = PacketSocket.open(ethertype);
            s.bind(NetDevice.index(s.fd(), dev));
            return s;
        });
    }

    /** Runs {@code body} on a new thread inside namespace {@code ns} and returns its result. */
    static <T> T in(String ns, Callable<T> body) throws Exception {
        FutureTask<T> task = new FutureTask<>(() -> {
            Namespace.enter("/run/netns/" + ns, Namespace.CLONE_NEWNET);
            return body.call();
        });
        Thread t = new Thread(task, "in-" + ns);
        t.start();
        return task.get(30, TimeUnit.SECONDS);
    }

    /** {@code ip} with {@code args}: its standard output; throws with its output when it fails. */
    static String ip(String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of("ip"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IOException(String.join(" ", cmd) + " failed: " + out);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
        return out;
    }

    /** The MAC of {@code dev} in {@code ns} as {@code ip link} shows it. */
    static byte[] mac(String ns, String dev) throws IOException {
        String out = ip("-n", ns, "-o", "link", "show", dev);
        String hex = out.substring(out.indexOf("link/ether ") + 11).substring(0, 17).replace(":", "");
        return HexFormat.of().parseHex(hex);
    }

    @Override
    public void close() {
        for (String ns : made) {
            try {
                ip("netns", "del", ns);
            } catch (IOException e) {
                System.err.println("could not remove network namespace " + ns + ": " + e.getMessage());
            }
        }
        made.clear();
    }
}
