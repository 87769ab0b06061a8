package io.quiver.core.impl.pr;

import static io.quiver.scsi.ScsiStatus.GOOD;
import static io.quiver.scsi.ScsiStatus.RESERVATION_CONFLICT;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.quiver.scsi.AdditionalSense;
import io.quiver.scsi.DataDirection;
import io.quiver.scsi.SenseKey;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** SPC-4 PERSISTENT RESERVE OUT service actions, PR IN data and the unit attentions they owe. */
class PersistentReservationTest {

    @TempDir
    Path dir;

    private final FakeNexus a = FakeNexus.of("iqn.2026-01.test:a");
    private final FakeNexus b = FakeNexus.of("iqn.2026-01.test:b");
    private final FakeNexus c = FakeNexus.of("iqn.2026-01.test:c");
    private FakeContext context;
    private PrDriver pr;

    @BeforeEach
    void setUp() {
        context = new FakeContext("disk1", dir, a, b, c);
        pr = new PrDriver(new ReservationService(context, Runnable::run));
    }

    private static ByteBuf buf(byte[] data) {
        return Unpooled.wrappedBuffer(data);
    }

    @Test
    void registerReadKeysAndGeneration() {
        assertArrayEquals(new byte[8], pr.in(a, 0));
        pr.register(a, 0xA1);
        pr.register(b, 0xB1);
        ByteBuf keys = buf(pr.in(c, 0));
        assertEquals(2, keys.getInt(0), "PRgeneration");
        assertEquals(16, keys.getInt(4));
        assertEquals(0xA1, keys.getLong(8));
        assertEquals(0xB1, keys.getLong(16));
    }

    @Test
    void registerChecksTheExistingKey() {
        assertEquals(RESERVATION_CONFLICT, pr.outStatus(a, 0, 0, 0x99, 0xA1), "unregistered with a key");
        pr.register(a, 0xA1);
        assertEquals(RESERVATION_CONFLICT, pr.outStatus(a, 0, 0, 0x77, 0xA2), "wrong key");
        assertEquals(GOOD, pr.outStatus(a, 0, 0, 0xA1, 0xA2), "change key");
        assertEquals(GOOD, pr.outStatus(a, 6, 0, 0x55, 0xA3), "ignore existing key");
        ByteBuf keys = buf(pr.in(a, 0));
        assertEquals(8, keys.getInt(4));
        assertEquals(0xA3, keys.getLong(8));
        assertEquals(GOOD, pr.outStatus(a, 0, 0, 0xA3, 0), "unregister");
        assertEquals(0, buf(pr.in(a, 0)).getInt(4));
        int generation = buf(pr.in(a, 0)).getInt(0);
        assertEquals(GOOD, pr.outStatus(c, 0, 0, 0, 0), "unregistered nexus, key 0: no-op");
        assertEquals(generation, buf(pr.in(a, 0)).getInt(0), "a no-op does not bump PRgeneration");
    }

    @Test
    void reserveNeedsRegistrationAndConflictsWithOtherHolder() {
        assertEquals(RESERVATION_CONFLICT, pr.outStatus(a, 1, 1, 0xA1, 0), "unregistered");
        pr.register(a, 0xA1);
        pr.register(b, 0xB1);
        pr.reserve(a, 0xA1, PrType.WRITE_EXCLUSIVE);
        assertEquals(GOOD, pr.outStatus(a, 1, 1, 0xA1, 0), "same type again");
        assertEquals(RESERVATION_CONFLICT, pr.outStatus(a, 1, 3, 0xA1, 0), "other type");
        assertEquals(RESERVATION_CONFLICT, pr.outStatus(b, 1, 1, 0xB1, 0), "other nexus");
        try (FakeTask t = pr.out(a, 1, 2, 0xA1, 0, 0, new byte[0])) {
            t.assertSense(SenseKey.ILLEGAL_REQUEST, AdditionalSense.INVALID_FIELD_IN_CDB);
        }
        ByteBuf res = buf(pr.in(c, 1));
        assertEquals(16, res.getInt(4));
        assertEquals(0xA1, res.getLong(8));
        assertEquals(1, res.getByte(21) & 0x0F);
    }

    @Test
    void allRegistrantsReservationReportsKeyZero() {
        pr.register(a, 0xA1);
        pr.register(b, 0xB1);
        pr.reserve(a, 0xA1, PrType.WRITE_EXCLUSIVE_ALL_REGISTRANTS);
        assertEquals(GOOD, pr.outStatus(b, 1, 7, 0xB1, 0), "every registrant holds it");
        ByteBuf res = buf(pr.in(c, 1));
        assertEquals(0, res.getLong(8));
        assertEquals(7, res.getByte(21));
        assertEquals(GOOD, pr.outStatus(a, 0, 0, 0xA1, 0));
        assertEquals(16, buf(pr.in(c, 1)).getInt(4), "stays while a registrant is left");
        assertEquals(GOOD, pr.outStatus(b, 0, 0, 0xB1, 0));
        assertEquals(0, buf(pr.in(c, 1)).getInt(4), "gone with the last registrant");
    }

    @Test
    void releaseChecksTypeAndNotifiesRegistrantsOnlyTypes() {
        pr.register(a, 0xA1);
        pr.register(b, 0xB1);
        pr.reserve(a, 0xA1, PrType.WRITE_EXCLUSIVE);
        try (FakeTask t = pr.out(a, 2, 3, 0xA1, 0, 0, new byte[0])) {
            t.assertSense(SenseKey.ILLEGAL_REQUEST, AdditionalSense.INVALID_RELEASE_OF_PERSISTENT_RESERVATION);
        }
        assertEquals(GOOD, pr.outStatus(b, 2, 1, 0xB1, 0), "non-holder release is a no-op");
        assertEquals(16, buf(pr.in(c, 1)).getInt(4));
        assertEquals(GOOD, pr.outStatus(a, 2, 1, 0xA1, 0));
        assertEquals(0, buf(pr.in(c, 1)).getInt(4));
        assertTrue(context.unitAttentions().isEmpty(), "no UA for Write Exclusive");

        pr.reserve(a, 0xA1, PrType.EXCLUSIVE_ACCESS_REGISTRANTS_ONLY);
        assertEquals(GOOD, pr.outStatus(a, 2, 6, 0xA1, 0));
        assertEquals(List.of(AdditionalSense.RESERVATIONS_RELEASED), context.unitAttentionsOf(b));
        assertEquals(List.of(), context.unitAttentionsOf(a));
        assertEquals(List.of(), context.unitAttentionsOf(c), "not registered");
    }

    @Test
    void unregisteringTheRegistrantsOnlyHolderReleases() {
        pr.register(a, 0xA1);
        pr.register(b, 0xB1);
        pr.reserve(a, 0xA1, PrType.WRITE_EXCLUSIVE_REGISTRANTS_ONLY);
        assertEquals(GOOD, pr.outStatus(a, 0, 0, 0xA1, 0));
        assertEquals(0, buf(pr.in(c, 1)).getInt(4));
        assertEquals(List.of(AdditionalSense.RESERVATIONS_RELEASED), context.unitAttentionsOf(b));
    }

    @Test
    void clearRemovesEverythingAndPreemptsOthers() {
        pr.register(a, 0xA1);
        pr.register(b, 0xB1);
        pr.reserve(b, 0xB1, PrType.EXCLUSIVE_ACCESS);
        assertEquals(RESERVATION_CONFLICT, pr.outStatus(a, 3, 0, 0xBAD, 0), "wrong key");
        assertEquals(GOOD, pr.outStatus(a, 3, 0, 0xA1, 0));
        assertEquals(0, buf(pr.in(c, 0)).getInt(4));
        assertEquals(0, buf(pr.in(c, 1)).getInt(4));
        assertEquals(List.of(AdditionalSense.RESERVATIONS_PREEMPTED), context.unitAttentionsOf(b));
        assertEquals(List.of(), context.unitAttentionsOf(a));
        assertEquals(GOOD, pr.write(c));
    }

    @Test
    void preemptTakesOverTheReservation() {
        pr.register(a, 0xA1);
        pr.register(b, 0xB1);
        pr.register(c, 0xC1);
        pr.reserve(a, 0xA1, PrType.WRITE_EXCLUSIVE);
        assertEquals(RESERVATION_CONFLICT, pr.outStatus(b, 4, 1, 0xB1, 0x1234), "no such key");
        assertEquals(GOOD, pr.outStatus(b, 4, 3, 0xB1, 0xA1));
        ByteBuf res = buf(pr.in(c, 1));
        assertEquals(0xB1, res.getLong(8));
        assertEquals(3, res.getByte(21));
        ByteBuf keys = buf(pr.in(c, 0));
        assertEquals(16, keys.getInt(4), "a's registration is gone");
        assertEquals(List.of(AdditionalSense.REGISTRATIONS_PREEMPTED), context.unitAttentionsOf(a));
        assertEquals(List.of(AdditionalSense.RESERVATIONS_RELEASED), context.unitAttentionsOf(c), "type changed");
        assertTrue(context.aborted().isEmpty(), "PREEMPT does not abort");
    }

    @Test
    void preemptWithoutReservationRemovesRegistrations() {
        pr.register(a, 0xA1);
        pr.register(b, 0xB1);
        try (FakeTask t = pr.out(a, 4, 1, 0xA1, 0, 0, new byte[0])) {
            t.assertSense(SenseKey.ILLEGAL_REQUEST, AdditionalSense.INVALID_FIELD_IN_PARAMETER_LIST);
        }
        assertEquals(GOOD, pr.outStatus(a, 4, 1, 0xA1, 0xB1));
        assertEquals(8, buf(pr.in(c, 0)).getInt(4));
        assertEquals(0, buf(pr.in(c, 1)).getInt(4), "no reservation was created");
        assertEquals(List.of(AdditionalSense.REGISTRATIONS_PREEMPTED), context.unitAttentionsOf(b));
    }

    @Test
    void preemptAndAbortAbortsThePreemptedNexuses() {
        pr.register(a, 0xA1);
        pr.register(b, 0xB1);
        pr.reserve(a, 0xA1, PrType.EXCLUSIVE_ACCESS);
        assertEquals(GOOD, pr.outStatus(b, 5, 3, 0xB1, 0xA1));
        assertEquals(List.of(a), context.aborted());
        assertEquals(GOOD, pr.write(b));
        assertEquals(RESERVATION_CONFLICT, pr.read(a));
    }

    @Test
    void preemptAllRegistrantsWithKeyZero() {
        pr.register(a, 0xA1);
        pr.register(b, 0xB1);
        pr.register(c, 0xC1);
        pr.reserve(a, 0xA1, PrType.EXCLUSIVE_ACCESS_ALL_REGISTRANTS);
        assertEquals(GOOD, pr.outStatus(b, 4, 1, 0xB1, 0));
        ByteBuf keys = buf(pr.in(b, 0));
        assertEquals(8, keys.getInt(4));
        assertEquals(0xB1, keys.getLong(8));
        ByteBuf res = buf(pr.in(b, 1));
        assertEquals(0xB1, res.getLong(8));
        assertEquals(1, res.getByte(21));
        assertEquals(List.of(AdditionalSense.REGISTRATIONS_PREEMPTED), context.unitAttentionsOf(a));
        assertEquals(List.of(AdditionalSense.REGISTRATIONS_PREEMPTED), context.unitAttentionsOf(c));
    }

    @Test
    void registerAndMoveHandsTheReservationOver() {
        pr.register(a, 0xA1);
        pr.reserve(a, 0xA1, PrType.WRITE_EXCLUSIVE);
        byte[] tid = b.initiator().transportId();
        ByteBuf extra = Unpooled.buffer().writeInt(tid.length).writeBytes(tid);
        byte[] tail = new byte[extra.readableBytes()];
        extra.readBytes(tail);
        // REGISTER AND MOVE: byte 17 UNREG, bytes 18-19 relative target port id, then the TransportID.
        try (FakeTask t = moveTask(0xA1, 0xB7, 0x02, 1, tail)) {
            t.assertGood();
        }
        ByteBuf res = buf(pr.in(c, 1));
        assertEquals(0xB7, res.getLong(8));
        ByteBuf keys = buf(pr.in(c, 0));
        assertEquals(8, keys.getInt(4), "a unregistered (UNREG)");
        assertEquals(GOOD, pr.write(b));
        assertEquals(RESERVATION_CONFLICT, pr.write(a));
    }

    private FakeTask moveTask(long key, long saKey, int flags, int rtpi, byte[] tail) {
        ByteBuf list = Unpooled.buffer();
        list.writeLong(key).writeLong(saKey).writeByte(0).writeByte(flags).writeShort(rtpi).writeBytes(tail);
        byte[] data = new byte[list.readableBytes()];
        list.readBytes(data);
        int len = data.length;
        return pr.run(new FakeTask(a, FakeTask.bytes(0x5F, 7, 1, 0, 0, 0, 0, len >> 8, len, 0),
                DataDirection.OUT, len, data));
    }

    @Test
    void specIptRegistersTheListedInitiators() {
        byte[] tidB = TransportIds.iscsi("iqn.2026-01.test:b", null);
        byte[] tidC = c.initiator().transportId();
        ByteBuf extra = Unpooled.buffer().writeInt(tidB.length + tidC.length).writeBytes(tidB).writeBytes(tidC);
        byte[] tail = new byte[extra.readableBytes()];
        extra.readBytes(tail);
        try (FakeTask t = pr.out(a, 0, 0, 0, 0xAA, PrDriver.SPEC_I_PT, tail)) {
            t.assertGood();
        }
        ByteBuf status = buf(pr.in(a, 3));
        assertEquals(1, status.getInt(0));
        // b's TransportID (format 00b) matches b's port; b can use its key.
        assertEquals(GOOD, pr.outStatus(b, 1, 1, 0xAA, 0));
        assertEquals(RESERVATION_CONFLICT, pr.outStatus(c, 1, 1, 0xAA, 0), "b holds it");
        try (FakeTask t = pr.out(a, 0, 0, 0xAA, 0xAB, PrDriver.SPEC_I_PT, tail)) {
            t.assertSense(SenseKey.ILLEGAL_REQUEST, AdditionalSense.INVALID_FIELD_IN_PARAMETER_LIST);
        }
    }

    @Test
    void readFullStatusDescribesEveryRegistration() {
        pr.register(a, 0xA1);
        try (FakeTask t = pr.out(b, 0, 0, 0, 0xB1, PrDriver.ALL_TG_PT, new byte[0])) {
            t.assertGood();
        }
        pr.reserve(a, 0xA1, PrType.EXCLUSIVE_ACCESS);
        ByteBuf s = buf(pr.in(c, 3));
        byte[] tidA = a.initiator().transportId();
        byte[] tidB = b.initiator().transportId();
        assertEquals(2, s.getInt(0));
        assertEquals(24 + tidA.length + 24 + tidB.length, s.getInt(4));
        assertEquals(0xA1, s.getLong(8));
        assertEquals(0x01, s.getByte(8 + 12), "R_HOLDER");
        assertEquals(3, s.getByte(8 + 13), "type");
        assertEquals(1, s.getShort(8 + 18), "relative target port");
        assertEquals(tidA.length, s.getInt(8 + 20));
        byte[] got = new byte[tidA.length];
        s.getBytes(8 + 24, got);
        assertArrayEquals(tidA, got);
        int second = 8 + 24 + tidA.length;
        assertEquals(0xB1, s.getLong(second));
        assertEquals(0x02, s.getByte(second + 12), "ALL_TG_PT, not holder");
    }

    @Test
    void reportCapabilities() {
        byte[] caps = pr.in(a, 2);
        assertArrayEquals(FakeTask.bytes(0, 8, 0x1D, 0xA0, 0xEA, 0x01, 0, 0), caps);
        try (FakeTask t = pr.out(a, 0, 0, 0, 0xA1, PrDriver.APTPL, new byte[0])) {
            t.assertGood();
        }
        assertEquals(0xA1, pr.in(a, 2)[3] & 0xFF, "PTPL_A");
    }

    @Test
    void badServiceActionsAndLengths() {
        try (FakeTask t = pr.run(FakeTask.of(a, DataDirection.IN, 0x5E, 0x04, 0, 0, 0, 0, 0, 0, 8, 0))) {
            t.assertSense(SenseKey.ILLEGAL_REQUEST, AdditionalSense.INVALID_FIELD_IN_CDB);
        }
        try (FakeTask t = pr.run(FakeTask.of(a, DataDirection.OUT, 0x5F, 0x08, 0, 0, 0, 0, 0, 0, 24, 0))) {
            t.assertSense(SenseKey.ILLEGAL_REQUEST, AdditionalSense.INVALID_FIELD_IN_CDB);
        }
        try (FakeTask t = pr.out(a, 0, 0, 0, 0xA1, 0, new byte[4])) {
            t.assertSense(SenseKey.ILLEGAL_REQUEST, AdditionalSense.PARAMETER_LIST_LENGTH_ERROR);
        }
        try (FakeTask t = pr.run(FakeTask.of(a, DataDirection.OUT, 0x5F, 0, 0, 0, 0, 0, 0, 0, 8, 0))) {
            t.assertSense(SenseKey.ILLEGAL_REQUEST, AdditionalSense.PARAMETER_LIST_LENGTH_ERROR);
        }
    }

    @Test
    void allocationLengthTruncates() {
        pr.register(a, 0xA1);
        try (FakeTask t = pr.run(FakeTask.of(a, DataDirection.IN, 0x5E, 0, 0, 0, 0, 0, 0, 0, 4, 0))) {
            t.assertGood();
            assertArrayEquals(FakeTask.bytes(0, 0, 0, 1), t.data());
        }
    }

    @Test
    void allTargetPortsRegistrationHoldsOnEveryPort() {
        FakeNexus otherPort = new FakeNexus("iqn.2026-01.test:a", "23d000000001", "tgt", 2);
        context.addNexus(otherPort);
        try (FakeTask t = pr.out(a, 0, 0, 0, 0xA1, PrDriver.ALL_TG_PT, new byte[0])) {
            t.assertGood();
        }
        assertEquals(GOOD, pr.outStatus(otherPort, 1, 1, 0xA1, 0), "registered through port 1, used on port 2");
        pr.register(b, 0xB1);
        assertEquals(GOOD, pr.outStatus(b, 4, 1, 0xB1, 0xA1));
        assertEquals(List.of(AdditionalSense.REGISTRATIONS_PREEMPTED), context.unitAttentionsOf(a));
        assertEquals(List.of(AdditionalSense.REGISTRATIONS_PREEMPTED), context.unitAttentionsOf(otherPort));
    }

    @Test
    void portSpecificRegistrationDoesNotCoverOtherPorts() {
        FakeNexus otherPort = new FakeNexus("iqn.2026-01.test:a", "23d000000001", "tgt", 2);
        pr.register(a, 0xA1);
        assertEquals(RESERVATION_CONFLICT, pr.outStatus(otherPort, 1, 1, 0xA1, 0));
        pr.reserve(a, 0xA1, PrType.WRITE_EXCLUSIVE);
        assertEquals(RESERVATION_CONFLICT, pr.write(otherPort), "same initiator, other I_T nexus");
    }

    @Test
    void registerAndMoveRefusals() {
        pr.register(a, 0xA1);
        byte[] tid = b.initiator().transportId();
        ByteBuf extra = Unpooled.buffer().writeInt(tid.length).writeBytes(tid);
        byte[] tail = new byte[extra.readableBytes()];
        extra.readBytes(tail);
        try (FakeTask t = moveTask(0xA1, 0xB7, 0, 1, tail)) {
            t.assertStatus(RESERVATION_CONFLICT);
        }
        pr.reserve(a, 0xA1, PrType.WRITE_EXCLUSIVE);
        try (FakeTask t = moveTask(0xA1, 0, 0, 1, tail)) {
            t.assertSense(SenseKey.ILLEGAL_REQUEST, AdditionalSense.INVALID_FIELD_IN_PARAMETER_LIST);
        }
        byte[] own = a.initiator().transportId();
        ByteBuf self = Unpooled.buffer().writeInt(own.length).writeBytes(own);
        byte[] selfTail = new byte[self.readableBytes()];
        self.readBytes(selfTail);
        try (FakeTask t = moveTask(0xA1, 0xB7, 0, 1, selfTail)) {
            t.assertSense(SenseKey.ILLEGAL_REQUEST, AdditionalSense.INVALID_FIELD_IN_PARAMETER_LIST);
        }
        try (FakeTask t = moveTask(0xA1, 0xB7, 0, 1, new byte[] {0, 0, 0, 40})) {
            t.assertSense(SenseKey.ILLEGAL_REQUEST, AdditionalSense.PARAMETER_LIST_LENGTH_ERROR);
        }
        assertEquals(0xA1, buf(pr.in(c, 1)).getLong(8), "still a's");
    }

    @Test
    void preemptingOwnReservationChangesItsType() {
        pr.register(a, 0xA1);
        pr.register(b, 0xB1);
        pr.reserve(a, 0xA1, PrType.WRITE_EXCLUSIVE);
        assertEquals(GOOD, pr.outStatus(a, 4, 3, 0xA1, 0xA1));
        assertEquals(3, buf(pr.in(c, 1)).getByte(21));
        assertEquals(16, buf(pr.in(c, 0)).getInt(4), "nobody was removed");
        assertEquals(List.of(AdditionalSense.RESERVATIONS_RELEASED), context.unitAttentionsOf(b));
    }
}
