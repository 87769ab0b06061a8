package io.quiver.itests;

import static io.quiver.itests.Loopback.assertGood;
import static io.quiver.itests.Loopback.assertSense;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import io.quiver.scsi.AdditionalSense;
import io.quiver.scsi.SenseKey;
import io.quiver.transport.local.LocalResponse;
import io.quiver.transport.local.LocalSession;
import io.quiver.transport.local.LocalTarget;
import io.quiver.transport.local.LocalTargetDriver;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;

/**
 * A device handler leaves and comes back while its neighbour serves I/O. One loopback target shows a
 * fileio device as LUN 0 and a nullio device as LUN 1. The bundle {@code io.quiver.handler.nullio} is
 * uninstalled and installed again from the same location (the core's side of hot deploy; the features,
 * from the console and the shell, are ShippedHotDeployIT's). Meanwhile a second thread writes and reads back LUN 0 on the same nexus: every command
 * must succeed; the only other answer allowed is the unit attention REPORTED LUNS DATA HAS CHANGED, which
 * must come (an initiator retries it). Without the handler LUN 1 answers LOGICAL UNIT NOT SUPPORTED;
 * with it again LUN 1 is back with its configured capacity, from the configuration that waited.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class HandlerUninstallIT extends LoopbackTestSupport {

    private static final String TARGET = "local:handler-uninstall";
    private static final long NULLIO_BYTES = 3L << 30;

    @Configuration
    public Option[] config() {
        return distribution("quiver.distribution", "Quiver");
    }

    @Test
    public void lunZeroKeepsServingWhileTheNullioHandlerIsUninstalledAndInstalledAgain() throws Exception {
        String file = System.getProperty("karaf.data") + "/quiver-it/hu-file.img";
        configure(FILEIO, "hu-file", "name", "hu-file", "filename", file, "size", 16L << 20);
        configure(NULLIO, "hu-null", "name", "hu-null", "size", NULLIO_BYTES);
        lun(TARGET, "", 0, "hu-file");
        lun(TARGET, "", 1, "hu-null");
        LocalTarget target = service(LocalTargetDriver.class).createTarget(TARGET);
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicInteger rounds = new AtomicInteger();
        AtomicInteger lunsChanged = new AtomicInteger();
        try (LocalSession s = target.login("iqn.2026-11.io.quiver:client")) {
            Loopback.awaitLuns(s, List.of(0, 1));
            Loopback.clearUnitAttentions(s, 0);
            Loopback.clearUnitAttentions(s, 1);
            CompletableFuture<Void> io = Loopback.writeAndReadBackUntil(running, s, 0, rounds, lunsChanged);

            Bundle nullio = bundle("io.quiver.handler.nullio");
            String location = nullio.getLocation();
            nullio.uninstall();
            Loopback.awaitMapped(s, 1, false);
            assertSense("READ(10) of LUN 1 without its handler", Loopback.read(s, 1, Cdb.read10(0, 1), 512),
                    SenseKey.ILLEGAL_REQUEST, AdditionalSense.LOGICAL_UNIT_NOT_SUPPORTED);
            awaitAtLeast(lunsChanged, 1, io);
            Loopback.awaitLuns(s, List.of(0));
            int roundsWithout = rounds.get();
            Thread.sleep(500);
            assertTrue("LUN 0 served while the handler was away", rounds.get() > roundsWithout);

            bundleContext.installBundle(location).start();
            Loopback.awaitMapped(s, 1, true);
            awaitAtLeast(lunsChanged, 2, io);
            Loopback.awaitLuns(s, List.of(0, 1));
            running.set(false);
            io.get(30, TimeUnit.SECONDS);

            Loopback.clearUnitAttentions(s, 1);
            LocalResponse capacity = Loopback.read(s, 1, Cdb.readCapacity10(), 8);
            assertGood("READ CAPACITY(10) LUN 1", capacity);
            assertEquals("last LBA of the configured size", NULLIO_BYTES / 512 - 1,
                    ByteBuffer.wrap(capacity.data()).getInt(0) & 0xFFFFFFFFL);
            assertEquals("hu-null", Cdb.product(Loopback.inquiry(s, 1).data()));
            System.out.printf("HandlerUninstallIT: %d write/read rounds on LUN 0, %d REPORTED LUNS DATA HAS CHANGED%n",
                    rounds.get(), lunsChanged.get());
        } finally {
            running.set(false);
            target.unregister();
        }
    }

    /** Waits until the I/O thread counted {@code n} REPORTED LUNS DATA HAS CHANGED, failing with its error. */
    private static void awaitAtLeast(AtomicInteger counter, int n, CompletableFuture<Void> io) throws Exception {
        Cdb.poll(counter::get, c -> c >= n || io.isDone());
        if (io.isDone()) {
            io.get();
        }
        assertTrue("REPORTED LUNS DATA HAS CHANGED seen " + counter.get() + " times, expected " + n, counter.get() >= n);
    }
}
