package io.quiver.itests;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.Test;

/**
 * Quiver running inside the Linux test guest rather than on the host, the base of the transports whose kernel
 * side only the guest has (RDMA for SRP and iSER, SCSI devices for SG_IO pass-through). The host's JDK and
 * this build's distribution, unpacked, are shared into the guest read-only ({@link LinuxGuest#withHostJdk()},
 * {@link LinuxGuest#withQuiver(Path)}); {@code linux-guest/guest/quiver-in-guest.sh} checks the JDK, starts
 * Quiver there with its default configuration ({@code start_quiver_in_guest}), logs the guest's own open-iscsi
 * in over loopback, runs sg3_utils and a checksummed write/read on the LUN, and stops Quiver. The guest's
 * timings (JVM, iSCSI portal, Karaf shell, stop) are printed and kept in the console log. For measurements,
 * {@code -Dquiver.it.guestCpus=N} and {@code -Dquiver.it.guestJavaOpts=...} override the vCPUs and JVM options.
 */
public class GuestQuiverIT {

    /**
     * bin/setenv's options plus C1 only: under TCG, C2's compilations cost more guest time than their code
     * saves during a boot (the portal listened after 158.6 s with tiered compilation, 70.3 s with C1 only).
     */
    static final String GUEST_JAVA_OPTS = "-Xms64m -Xmx512m -XX:+UseSerialGC -XX:MetaspaceSize=80m -XX:TieredStopAtLevel=1";

    /** A JVM with Karaf's heap (512 MiB), the initramfs and a page cache for the shares. */
    static final int GUEST_MEMORY_MIB = 2048;
    private static final int GUEST_TIMEOUT = 600;

    @Test
    public void quiverRunsInsideTheGuest() throws Exception {
        Path work = LinuxInitiatorIT.workDir("quiver-in-guest");
        LinuxGuest guest = guestWithQuiver(work);
        long t0 = System.nanoTime();
        GuestReport report = guest.run("quiver-in-guest", Map.of("QUIVER_JAVA_OPTS", javaOpts()), work.resolve("guest"), List.of(),
                request -> "ERROR no requests", GUEST_TIMEOUT);
        String timings = timings(work.resolve("guest/console.log"));
        System.out.printf("quiver-in-guest: %s in %.1f s%n%s%n", report.summary(), (System.nanoTime() - t0) / 1e9, timings);
        report.assertNoFailure(13);
        report.assertNoSkip();
    }

    /** A guest with the host's JDK and this build's distribution, unpacked into {@code work}, shared in. */
    static LinuxGuest guestWithQuiver(Path work) throws Exception {
        Path tarball = Path.of(System.getProperty("quiver.distribution"));
        UnpackedDistribution.run(work, Map.of(), "tar", "xzf", tarball.toString());
        Path home = work.resolve(tarball.getFileName().toString().replace(".tar.gz", ""));
        return LinuxGuest.build().withHostJdk().withQuiver(home).memory(GUEST_MEMORY_MIB)
                // One vCPU: with two (multi-threaded TCG) the JVM once died of SIGSEGV in C1-compiled code.
                .cpus(Integer.getInteger("quiver.it.guestCpus", 1));
    }

    /** The JVM options of Quiver in the guest: C1 only, which halves Karaf's boot under TCG. */
    static String javaOpts() {
        return System.getProperty("quiver.it.guestJavaOpts", GUEST_JAVA_OPTS);
    }

    /** The guest's GUEST TIMING and GUEST java lines of a console log. */
    static String timings(Path console) throws Exception {
        try (var lines = Files.lines(console)) {
            return lines.filter(l -> l.startsWith("GUEST TIMING") || l.startsWith("GUEST java"))
                    .collect(Collectors.joining("\n"));
        }
    }
}
