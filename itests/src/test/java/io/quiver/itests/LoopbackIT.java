package io.quiver.itests;

import static io.quiver.itests.Loopback.assertGood;
import static io.quiver.itests.Loopback.assertSense;
import static org.junit.Assert.assertEquals;

import io.quiver.scsi.AdditionalSense;
import io.quiver.scsi.ScsiStatus;
import io.quiver.scsi.SenseKey;
import io.quiver.transport.local.LocalResponse;
import io.quiver.transport.local.LocalSession;
import io.quiver.transport.local.LocalTarget;
import io.quiver.transport.local.LocalTargetDriver;
import java.util.List;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/**
 * The target core end to end in the default distribution, through the loopback transport and nothing but
 * ConfigAdmin configurations (ramdisks, LUNs, an initiator group): REPORT LUNS gives the default LUN set
 * or, for initiators a group's patterns admit ({@code *} wildcard, {@code !} exclusion), the group's;
 * INQUIRY names the device; WRITE(10)/READ(10) round-trip; a LUN configured at run time raises REPORTED
 * LUNS DATA HAS CHANGED, which REPORT LUNS clears; a LUN whose device configuration is deleted answers LOGICAL UNIT NOT SUPPORTED at
 * once; PERSISTENT RESERVE OUT REGISTER/RESERVE (Write Exclusive) makes a second nexus' WRITE a
 * RESERVATION CONFLICT while its READ still works.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class LoopbackIT extends LoopbackTestSupport {

    private static final String HOSTS = "iqn.2026-11.io.quiver:host*,!iqn.2026-11.io.quiver:host-evil";

    @Configuration
    public Option[] config() {
        return distribution("quiver.distribution", "Quiver");
    }

    @Test
    public void reportLunsShowsTheDefaultSetOrTheGroupTheInitiatorMatches() throws Exception {
        ramdisk("lb-default", 8 << 20);
        ramdisk("lb-group", 8 << 20);
        lun("local:lb-map", "", 0, "lb-default");
        configure(GROUP, "lb-map-hosts", "target", "local:lb-map", "name", "hosts", "initiators", HOSTS.split(","));
        lun("local:lb-map", "hosts", 0, "lb-group");
        lun("local:lb-map", "hosts", 7, "lb-default");
        LocalTarget target = service(LocalTargetDriver.class).createTarget("local:lb-map");
        try (LocalSession host = target.login("iqn.2026-11.io.quiver:host1");
                LocalSession evil = target.login("iqn.2026-11.io.quiver:host-evil");
                LocalSession other = target.login("iqn.2026-11.io.quiver:client")) {
            Loopback.awaitLuns(host, List.of(0, 7));
            Loopback.awaitLuns(evil, List.of(0));
            Loopback.awaitLuns(other, List.of(0));
            assertEquals("group LUN 0", "lb-group", Cdb.product(Loopback.inquiry(host, 0).data()));
            assertEquals("group LUN 7", "lb-default", Cdb.product(Loopback.inquiry(host, 7).data()));
            assertEquals("excluded by !", "lb-default", Cdb.product(Loopback.inquiry(evil, 0).data()));
            assertEquals("matched by no pattern", "lb-default", Cdb.product(Loopback.inquiry(other, 0).data()));
        } finally {
            target.unregister();
        }
    }

    @Test
    public void inquiryAndAWriteReadRoundTrip() throws Exception {
        ramdisk("lb-io", 8 << 20);
        lun("local:lb-io", "", 0, "lb-io");
        LocalTarget target = service(LocalTargetDriver.class).createTarget("local:lb-io");
        try (LocalSession s = target.login("iqn.2026-11.io.quiver:client")) {
            Loopback.awaitLuns(s, List.of(0));
            LocalResponse inquiry = Loopback.inquiry(s, 0);
            assertEquals("peripheral device type: direct access", 0x00, inquiry.dataByte(0) & 0x1F);
            assertEquals("QUIVER", new String(inquiry.data(), 8, 8, java.nio.charset.StandardCharsets.US_ASCII).trim());
            Loopback.clearUnitAttentions(s, 0);
            Loopback.assertRoundTrip(s, 0, 100, 8, 1);
            Loopback.assertRoundTrip(s, 0, 16383, 1, 2);
        } finally {
            target.unregister();
        }
    }

    @Test
    public void aLunAddedAtRunTimeRaisesReportedLunsDataHasChanged() throws Exception {
        ramdisk("lb-grow", 8 << 20);
        lun("local:lb-grow", "", 0, "lb-grow");
        LocalTarget target = service(LocalTargetDriver.class).createTarget("local:lb-grow");
        try (LocalSession s = target.login("iqn.2026-11.io.quiver:client")) {
            Loopback.awaitLuns(s, List.of(0));
            Loopback.clearUnitAttentions(s, 0);
            lun("local:lb-grow", "", 3, "lb-grow");
            Loopback.awaitMapped(s, 3, true);
            assertSense("TEST UNIT READY after the new LUN", Loopback.run(s, 0, Cdb.testUnitReady()),
                    SenseKey.UNIT_ATTENTION, AdditionalSense.REPORTED_LUNS_DATA_HAS_CHANGED);
            assertGood("TEST UNIT READY once reported", Loopback.run(s, 0, Cdb.testUnitReady()));
            Loopback.awaitLuns(s, List.of(0, 3));

            lun("local:lb-grow", "", 4, "lb-grow");
            Loopback.awaitMapped(s, 4, true);
            Loopback.awaitLuns(s, List.of(0, 3, 4));
            assertGood("TEST UNIT READY after REPORT LUNS cleared the unit attention (SPC-4)",
                    Loopback.run(s, 0, Cdb.testUnitReady()));
        } finally {
            target.unregister();
        }
    }

    @Test
    public void aLunWhoseDeviceConfigurationIsDeletedAnswersLogicalUnitNotSupported() throws Exception {
        ramdisk("lb-keep", 8 << 20);
        org.osgi.service.cm.Configuration doomed = ramdisk("lb-doomed", 8 << 20);
        lun("local:lb-gone", "", 0, "lb-keep");
        lun("local:lb-gone", "", 2, "lb-doomed");
        LocalTarget target = service(LocalTargetDriver.class).createTarget("local:lb-gone");
        try (LocalSession s = target.login("iqn.2026-11.io.quiver:client")) {
            Loopback.awaitLuns(s, List.of(0, 2));
            Loopback.clearUnitAttentions(s, 2);
            Loopback.assertRoundTrip(s, 2, 0, 4, 3);
            doomed.delete();
            Loopback.awaitLuns(s, List.of(0));
            // LocalSession.execute fails after 10 s without an answer: a hang fails the test.
            assertSense("READ(10) of the deleted device's LUN", Loopback.read(s, 2, Cdb.read10(0, 4), 2048),
                    SenseKey.ILLEGAL_REQUEST, AdditionalSense.LOGICAL_UNIT_NOT_SUPPORTED);
            assertSense("WRITE(10) of the deleted device's LUN", Loopback.write(s, 2, Cdb.write10(0, 1), Cdb.pattern(4, 1)),
                    SenseKey.ILLEGAL_REQUEST, AdditionalSense.LOGICAL_UNIT_NOT_SUPPORTED);
        } finally {
            target.unregister();
        }
    }

    @Test
    public void aPersistentReservationMakesASecondNexusWriteAConflict() throws Exception {
        ramdisk("lb-pr", 8 << 20);
        lun("local:lb-pr", "", 0, "lb-pr");
        LocalTarget target = service(LocalTargetDriver.class).createTarget("local:lb-pr");
        try (LocalSession holder = target.login("iqn.2026-11.io.quiver:holder");
                LocalSession other = target.login("iqn.2026-11.io.quiver:other")) {
            Loopback.awaitLuns(holder, List.of(0));
            Loopback.clearUnitAttentions(holder, 0);
            Loopback.clearUnitAttentions(other, 0);
            assertGood("PR OUT REGISTER", Loopback.write(holder, 0, Cdb.persistentReserveOut(Cdb.REGISTER, 0),
                    Cdb.prOutParameters(0, 0xA1L, false)));
            assertGood("PR OUT RESERVE", Loopback.write(holder, 0, Cdb.persistentReserveOut(Cdb.RESERVE, Cdb.WRITE_EXCLUSIVE),
                    Cdb.prOutParameters(0xA1L, 0, false)));

            LocalResponse conflict = Loopback.write(other, 0, Cdb.write10(0, 1), Cdb.pattern(5, 1));
            assertEquals("WRITE(10) of the other nexus: " + conflict, ScsiStatus.RESERVATION_CONFLICT, conflict.status());
            assertGood("READ(10) of the other nexus (Write Exclusive)", Loopback.read(other, 0, Cdb.read10(0, 1), 512));
            LocalResponse reservation = Loopback.read(other, 0, Cdb.persistentReserveIn(Cdb.READ_RESERVATION, 64), 64);
            assertGood("PR IN READ RESERVATION", reservation);
            assertEquals("a1/1", Cdb.reservation(reservation.data()));
            Loopback.assertRoundTrip(holder, 0, 0, 1, 6);
        } finally {
            target.unregister();
        }
    }
}
