package io.quiver.itests;

import java.util.List;
import java.util.Map;
import org.junit.Test;

/**
 * Quiver running inside the Linux test guest rather than on the host, for the transports whose kernel side only
 * the guest has (RDMA for SRP and iSER, SCSI devices for SG_IO pass-through): the host's JDK is shared into the
 * guest read-only ({@link LinuxGuest#withHostJdk()}) and runs there ({@code linux-guest/guest/host-jdk.sh}).
 */
public class GuestQuiverIT {

    @Test
    public void hostJdkRunsInTheGuest() throws Exception {
        LinuxGuest guest = LinuxGuest.build().withHostJdk().memory(2048);
        GuestReport report = guest.run("host-jdk", Map.of(), LinuxInitiatorIT.workDir("host-jdk"), List.of(),
                request -> "ERROR no requests", 240);
        System.out.println("host-jdk: " + report.summary() + "\n" + report.consoleTail(20));
        report.assertNoFailure(3);
        report.assertNoSkip();
    }
}
