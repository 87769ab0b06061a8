package io.quiver.itests;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.Assume;

/**
 * A throwaway Linux guest (Debian's kernel and initiator tools, built and cached by
 * {@code linux-guest/build-guest.sh}) booted under {@code qemu-system-x86_64 -accel tcg} to run one family
 * script of {@code linux-guest/guest/} against a target on this machine. The guest reaches the host only
 * through QEMU's user-mode network, where its 10.0.2.2 is the host's 127.0.0.1.
 *
 * <p>The guest prints one verdict line per check ({@code CHECK name PASS|FAIL|SKIP reason}) on its serial
 * console; a line {@code REQUEST words} asks the host to act (add a LUN, change an ALUA state), and the
 * request handler's answer is written back on the console's input.
 *
 * <p>Host directories can be shared into the guest read-only ({@link #share}, virtio-9p): the guest's init
 * mounts each at {@code /host/<tag>}. {@link #withHostJdk()} shares this JVM's JDK as {@link #GUEST_JDK}, so a
 * Java program can run inside the guest; with {@link #withQuiver(Path)} that is Quiver itself ({@code guest/lib.sh}'s
 * {@code start_quiver_in_guest}).
 * Instances are immutable (the {@code share}/{@code memory} variants are copies); one run at a time per test thread.
 */
final class LinuxGuest {

    private static final Path SCRIPTS = Path.of("linux-guest").toAbsolutePath();

    /** Where the guest sees the JDK {@link #withHostJdk()} shares. */
    static final String GUEST_JDK = "/host/jdk";

    /** Where the guest sees the distribution {@link #withQuiver(Path)} shares. */
    static final String GUEST_QUIVER = "/host/quiver";

    private final Path image;
    private final Map<String, Path> shares;
    private final int memoryMib;
    private final int cpus;

    private LinuxGuest(Path image, Map<String, Path> shares, int memoryMib, int cpus) {
        this.image = image;
        this.shares = shares;
        this.memoryMib = memoryMib;
        this.cpus = cpus;
    }

    /**
     * This guest with {@code hostDirectory} shared read-only under mount tag {@code tag} (letters, digits,
     * '-' and '_'): the guest mounts it at {@code /host/<tag>} before the family's script starts.
     */
    LinuxGuest share(String tag, Path hostDirectory) {
        if (!tag.matches("[A-Za-z0-9_-]{1,31}")) {
            throw new IllegalArgumentException("mount tag " + tag);
        }
        if (!Files.isDirectory(hostDirectory)) {
            throw new IllegalArgumentException("not a directory: " + hostDirectory);
        }
        Map<String, Path> more = new LinkedHashMap<>(shares);
        more.put(tag, hostDirectory.toAbsolutePath());
        return new LinuxGuest(image, Map.copyOf(more), memoryMib, cpus);
    }

    /** This guest with the JDK this test runs on ({@code java.home}) shared at {@link #GUEST_JDK}. */
    LinuxGuest withHostJdk() {
        return share("jdk", Path.of(System.getProperty("java.home")));
    }

    /**
     * This guest with Quiver's unpacked distribution {@code home} shared at {@link #GUEST_QUIVER}, where
     * {@code guest/lib.sh}'s {@code start_quiver_in_guest} starts it with a writable copy of its etc/.
     */
    LinuxGuest withQuiver(Path home) {
        return share("quiver", home);
    }

    /** This guest with {@code mib} MiB of memory instead of 1024 (a JVM in the guest needs more). */
    LinuxGuest memory(int mib) {
        return new LinuxGuest(image, shares, mib, cpus);
    }

    /**
     * This guest with {@code n} virtual CPUs instead of one. QEMU runs each in a host thread of its own
     * (multi-threaded TCG), so a JVM's compiler and GC threads stop competing with its main thread.
     */
    LinuxGuest cpus(int n) {
        return new LinuxGuest(image, shares, memoryMib, n);
    }

    /**
     * Builds the guest, or finds it in {@code ~/.cache/quiver-guest}. Skips the test where QEMU is missing,
     * except in CI ({@link Fio#ci()}), where {@code .ci/run} installs it and its absence is a failure.
     */
    static LinuxGuest build() throws Exception {
        boolean qemu = Files.isExecutable(Path.of("/usr/bin/qemu-system-x86_64"));
        if (!Fio.ci()) {
            Assume.assumeTrue("qemu-system-x86_64 is not installed (.ci/run installs qemu-system-x86)", qemu);
        } else if (!qemu) {
            throw new AssertionError("CI: qemu-system-x86_64 is missing; .ci/run must run linux-guest/build-guest.sh --host-packages");
        }
        Process p = new ProcessBuilder("bash", SCRIPTS.resolve("build-guest.sh").toString())
                .redirectErrorStream(true).redirectInput(ProcessBuilder.Redirect.PIPE).start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(20, TimeUnit.MINUTES) || p.exitValue() != 0) {
            throw new AssertionError("build-guest.sh failed:\n" + out);
        }
        String[] lines = out.strip().split("\n");
        return new LinuxGuest(Path.of(lines[lines.length - 1].strip()), Map.of(), 1024, 1);
    }

    /**
     * Boots the guest with {@code family}'s script and {@code env}, waits until it powers off (at most
     * {@code timeoutSeconds}, then QEMU is killed and the console's tail is the failure), and returns the verdicts.
     *
     * @param work a fresh directory for the initramfs and the console log
     * @param qemuArgs extra QEMU arguments (disks, NICs)
     * @param requests answers the guest's {@code REQUEST} lines; an answer starting with ERROR fails that check
     */
    GuestReport run(String family, Map<String, String> env, Path work, List<String> qemuArgs,
            Function<String, String> requests, int timeoutSeconds) throws Exception {
        return run(family, env, work, List.of(), qemuArgs, requests, timeoutSeconds);
    }

    /** As above, with QEMU started through {@code wrapper} (e.g. {@code ip netns exec NS}, for a tap NIC there). */
    GuestReport run(String family, Map<String, String> env, Path work, List<String> wrapper, List<String> qemuArgs,
            Function<String, String> requests, int timeoutSeconds) throws Exception {
        return run(family, env, work, wrapper, "", qemuArgs, requests, timeoutSeconds);
    }

    /**
     * As above, with options added to the guest's user-mode network, such as
     * {@code hostfwd=tcp:127.0.0.1:HOSTPORT-:GUESTPORT} so that a process on the host's 127.0.0.1 reaches a
     * server in the guest.
     */
    GuestReport run(String family, Map<String, String> env, Path work, List<String> wrapper, String userNetOptions,
            List<String> qemuArgs, Function<String, String> requests, int timeoutSeconds) throws Exception {
        Path initrd = initrd(family, env, work);
        List<String> command = new ArrayList<>(wrapper);
        command.addAll(List.of("qemu-system-x86_64", "-accel", "tcg", "-smp", String.valueOf(cpus), "-m", String.valueOf(memoryMib),
                "-nodefaults", "-display", "none", "-serial", "stdio", "-no-reboot",
                "-kernel", image.resolve("vmlinuz").toString(), "-initrd", initrd.toString(),
                "-append", "console=ttyS0 panic=-1 quiet",
                "-netdev", "user,id=n0" + (userNetOptions.isEmpty() ? "" : "," + userNetOptions),
                "-device", "virtio-net-pci,netdev=n0"));
        shares.forEach((tag, dir) -> command.addAll(List.of("-virtfs",
                "local,path=" + dir.toString().replace(",", ",,") + ",mount_tag=" + tag + ",security_model=none,readonly=on,id=" + tag)));
        command.addAll(qemuArgs);
        Path log = work.resolve("console.log");
        GuestReport report = new GuestReport(family);
        Process qemu = new ProcessBuilder(command).directory(work.toFile()).redirectErrorStream(true).start();
        Thread reader = new Thread(() -> readConsole(qemu, log, report, requests), "guest-console-" + family);
        reader.start();
        boolean ended = qemu.waitFor(timeoutSeconds, TimeUnit.SECONDS);
        if (!ended) {
            qemu.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        reader.join(10_000);
        if (!ended) {
            throw new AssertionError("guest " + family + " did not power off within " + timeoutSeconds + " s; console tail:\n"
                    + report.consoleTail(60));
        }
        return report;
    }

    private static void readConsole(Process qemu, Path log, GuestReport report, Function<String, String> requests) {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(qemu.getInputStream(), StandardCharsets.UTF_8));
                Writer console = Files.newBufferedWriter(log, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING);
                OutputStream guestInput = qemu.getOutputStream()) {
            for (String line; (line = in.readLine()) != null;) {
                line = line.replace("\r", "");
                console.write(line + "\n");
                console.flush();
                report.consoleLine(line);
                if (line.startsWith("REQUEST ")) {
                    String answer;
                    try {
                        answer = requests.apply(line.substring(8).strip());
                    } catch (RuntimeException | AssertionError e) {
                        answer = "ERROR " + e.getMessage().replace('\n', ' ');
                    }
                    guestInput.write((answer.replace('\n', ' ') + "\n").getBytes(StandardCharsets.UTF_8));
                    guestInput.flush();
                }
            }
        } catch (IOException e) {
            report.consoleLine("LinuxGuest: console read failed: " + e);
        }
    }

    /** The cached initramfs with a second archive appended: /test with the family's scripts and its env. */
    private Path initrd(String family, Map<String, String> env, Path work) throws Exception {
        Path run = work.resolve("run");
        Path test = run.resolve("test");
        Files.createDirectories(test);
        try (Stream<Path> scripts = Files.list(SCRIPTS.resolve("guest"))) {
            for (Path s : (Iterable<Path>) scripts::iterator) {
                Files.copy(s, test.resolve(s.getFileName()), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
        }
        StringBuilder vars = new StringBuilder();
        env.forEach((k, v) -> vars.append("export ").append(k).append("='").append(v.replace("'", "'\\''")).append("'\n"));
        Files.writeString(test.resolve("env"), vars);
        Files.writeString(test.resolve("run.sh"), ". ./env\n. ./lib.sh\n. ./" + family + ".sh\n");
        Path cpio = work.resolve("run.cpio");
        UnpackedDistribution.run(run, Map.of(), "sh", "-c", "find . | '" + image.resolve("busybox") + "' cpio -o -H newc > '" + cpio + "'");
        Path initrd = work.resolve("initrd");
        try (OutputStream out = Files.newOutputStream(initrd)) {
            Files.copy(image.resolve("initrd.cpio"), out);
            Files.copy(cpio, out);
        }
        return initrd;
    }
}
