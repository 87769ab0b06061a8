package io.quiver.itests;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.Test;

/**
 * The verbs RDMA provider (io.quiver.rdma, librdmacm and libibverbs through FFM) on a real RDMA device: the
 * Linux guest's soft-RoCE rxe0, which this machine's kernel cannot give. The guest runs the host's JDK with the
 * provider's jars shared read-only ({@code linux-guest/guest/rdma.sh}); {@code VerbsSelfCheck} (the
 * io.quiver.rdma test jar) connects the JVM to itself and reports each check. Fails on any failed check.
 */
public class RdmaGuestIT {

    /** Classes whose jars make VerbsSelfCheck's classpath. */
    private static final List<String> CLASSPATH = List.of("io.quiver.rdma.verbs.VerbsSelfCheck",
            "io.quiver.rdma.RdmaProvider", "io.quiver.linux.NativeLibrary", "io.netty.buffer.ByteBuf",
            "io.netty.util.ReferenceCounted", "org.slf4j.Logger", "org.slf4j.simple.SimpleLogger");

    @Test
    public void verbsProviderLoopbackOnRxe() throws Exception {
        Path work = LinuxInitiatorIT.workDir("rdma");
        Path jars = Files.createDirectories(work.resolve("classpath"));
        LinuxGuest guest = LinuxGuest.build().withHostJdk().memory(2048);
        List<String> guestClasspath = new ArrayList<>();
        int n = 0;
        for (String name : CLASSPATH) {
            Path location = location(name);
            if (Files.isDirectory(location)) {
                // running inside the reactor: a module's target/classes, shared as a directory of its own
                guest = guest.share("cp" + n, location);
                guestClasspath.add("/host/cp" + n++);
            } else {
                Files.copy(location, jars.resolve(location.getFileName()), StandardCopyOption.REPLACE_EXISTING);
                guestClasspath.add("/host/rdmacp/" + location.getFileName());
            }
        }
        guest = guest.share("rdmacp", jars);
        GuestReport report = guest.run("rdma", Map.of("RDMA_CP", String.join(":", guestClasspath),
                "RDMA_PORT", "31760"), work, List.of(), request -> "ERROR no requests", 900);
        System.out.println("rdma: " + report.summary() + "\n" + report.consoleTail(60));
        report.assertNoFailure(30);
        report.assertNoSkip();
    }

    private static Path location(String className) throws ClassNotFoundException, URISyntaxException {
        return Path.of(Class.forName(className).getProtectionDomain().getCodeSource().getLocation().toURI());
    }
}
