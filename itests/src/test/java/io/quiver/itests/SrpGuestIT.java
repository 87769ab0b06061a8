package io.quiver.itests;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.Test;

/**
 * Linux's own SRP initiator (ib_srp) against Quiver's ib_srpt driver, end to end on a real RDMA device: the
 * Linux guest's soft-RoCE rxe0. Quiver runs inside the guest ({@link GuestQuiverIT}'s setup) with quiver-srp
 * booted, an SRP target and a fileio LUN; {@code linux-guest/guest/srp.sh} logs ib_srp in through RDMA CM
 * ({@code add_target}), runs sg3_utils, persistent reservations, a direct dd and ext4 with e2fsck on the
 * LUN, reads the target from the REST tree, logs out by deleting the SRP port and logs in again. Then, on the
 * same Quiver ({@code quiver-iser} booted too), {@code linux-guest/guest/iser.sh}: Linux's iSER initiator
 * (ib_iser, open-iscsi with {@code iface.transport_name = iser}) discovers the default iSCSI target over TCP and
 * logs in over iSER at the same {@code address:3260} (the driver's {@code portals} and {@code iser_portals}),
 * runs sg3_utils, a direct dd and ext4 with sha256-checked files and e2fsck, and logs out. The guest's
 * timings (logins, dd rates) are printed. Fails on any failed or skipped check.
 */
public class SrpGuestIT {

    private static final int GUEST_TIMEOUT = 1200;

    @Test
    public void linuxSrpInitiatorUsesAQuiverLun() throws Exception {
        Path work = LinuxInitiatorIT.workDir("srp");
        LinuxGuest guest = GuestQuiverIT.guestWithQuiver(work);
        long t0 = System.nanoTime();
        GuestReport report = guest.run("srp", Map.of("QUIVER_JAVA_OPTS", GuestQuiverIT.javaOpts()), work.resolve("guest"), List.of(),
                request -> "ERROR no requests", GUEST_TIMEOUT);
        String timings = GuestQuiverIT.timings(work.resolve("guest/console.log"));
        System.out.printf("srp: %s in %.1f s%n%s%n%s%n", report.summary(), (System.nanoTime() - t0) / 1e9, timings,
                report.consoleTail(80));
        report.assertNoFailure(39);
        report.assertNoSkip();
    }
}
