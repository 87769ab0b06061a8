package io.quiver.itests;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A network namespace of the test's own with one tap device in it, for a guest NIC that is not QEMU's user-mode
 * network (FCoE frames are Ethernet, not TCP). QEMU runs inside the namespace ({@link #wrapper()}), so the
 * guest's frames reach nothing but this tap; {@link #close()} deletes the namespace and the tap with it.
 * Used by one test thread.
 */
final class TapNamespace implements AutoCloseable {

    static final String TAP = "qtap0";

    private final String name;
    private final String tap;

    private TapNamespace(String name, String tap) {
        this.name = name;
        this.tap = tap;
    }

    /** Creates the namespace and its tap, or says why it cannot (not root, no /dev/net/tun, no ip). */
    static TapNamespace create() throws Exception {
        return create("quiver-it", TAP);
    }

    /**
     * As {@link #create()}, with the namespace named {@code prefix-PID-RANDOM} and the tap named {@code tap}
     * (at most 15 characters).
     */
    static TapNamespace create(String prefix, String tap) throws Exception {
        if (!Files.exists(Path.of("/dev/net/tun"))) {
            throw new IllegalStateException("no /dev/net/tun on this host");
        }
        removeLeftovers(prefix);
        String name = prefix + "-" + ProcessHandle.current().pid() + "-"
                + Integer.toHexString(ThreadLocalRandom.current().nextInt(1 << 24));
        ip("netns", "add", name);
        TapNamespace ns = new TapNamespace(name, tap);
        try {
            ns.exec("ip", "link", "set", "lo", "up");
            ns.exec("ip", "tuntap", "add", "dev", tap, "mode", "tap");
            ns.exec("ip", "link", "set", tap, "up");
        } catch (Exception | AssertionError e) {
            ns.close();
            throw e;
        }
        return ns;
    }

    /**
     * Deletes the namespaces of earlier test JVMs killed before {@link #close} ran (the name carries the PID;
     * a live PID may be a parallel run and is left alone).
     */
    private static void removeLeftovers(String prefix) throws Exception {
        for (String line : ip("netns", "list").split("\n")) {
            String ns = line.split(" ")[0];
            if (ns.matches(java.util.regex.Pattern.quote(prefix) + "-\\d+-[0-9a-f]+")
                    && ProcessHandle.of(Long.parseLong(ns.substring(prefix.length() + 1).split("-")[0]))
                            .map(h -> !h.isAlive()).orElse(true)) {
                ProcessRun.run("ip", "netns", "del", ns);
            }
        }
    }

    /** The namespace's name (under /run/netns). */
    String name() {
        return name;
    }

    /** The tap's name inside the namespace. */
    String tap() {
        return tap;
    }

    /** The command prefix that runs a process inside the namespace. */
    List<String> wrapper() {
        return List.of("ip", "netns", "exec", name);
    }

    /** QEMU's arguments for a virtio NIC on the tap (the guest's eth1, after the user-mode eth0). */
    List<String> qemuNic() {
        return List.of("-netdev", "tap,id=t0,ifname=" + tap + ",script=no,downscript=no",
                "-device", "virtio-net-pci,netdev=t0,mac=52:54:00:fc:0e:01");
    }

    /** Frames the guest sent into the tap (the tap's receive counter on the host side). */
    long framesFromGuest() throws Exception {
        return Long.parseLong(exec("cat", "/sys/class/net/" + tap + "/statistics/rx_packets").strip());
    }

    /** Runs {@code command} inside the namespace; fails on a non-zero exit. */
    String exec(String... command) throws Exception {
        String[] full = new String[command.length + 4];
        System.arraycopy(new String[] {"ip", "netns", "exec", name}, 0, full, 0, 4);
        System.arraycopy(command, 0, full, 4, command.length);
        return ip(full);
    }

    private static String ip(String... args) throws Exception {
        String[] command = args[0].equals("ip") ? args : prepend(args);
        ProcessRun r = ProcessRun.run(command);
        if (r.exit != 0) {
            throw new AssertionError(String.join(" ", command) + ": " + r.output);
        }
        return r.output;
    }

    private static String[] prepend(String[] args) {
        String[] command = new String[args.length + 1];
        command[0] = "ip";
        System.arraycopy(args, 0, command, 1, args.length);
        return command;
    }

    @Override
    public void close() throws Exception {
        ProcessRun.run("ip", "netns", "del", name);
    }
}
