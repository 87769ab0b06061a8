package io.quiver.handler.passthrough.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.quiver.scsi.DataDirection;
import io.quiver.scsi.PeripheralDeviceType;
import io.quiver.scsi.ScsiStatus;
import io.quiver.scsi.SenseKey;
import io.quiver.spi.device.DeviceTask;
import io.quiver.testing.FakeDeviceTask;
import java.lang.reflect.Proxy;
import org.junit.jupiter.api.Test;

/** What the forwarding logic does with a task before and after the device: data-out, failures, buffers. */
class ForwardingBackendTest {

    /**
     * Regression: a Data-Out that never arrived was dropped silently (thenAccept), so a task whose transport did not
     * end it itself waited forever. It now ends ABORTED COMMAND, DATA PHASE ERROR, and nothing reaches the device.
     */
    @Test
    void aDataOutThatFailsEndsTheTaskAndSendsNothing() throws Exception {
        RecordingBackend b = new RecordingBackend(PeripheralDeviceType.DIRECT_ACCESS_BLOCK);
        // The initiator announced 1024 bytes but the transport has only 512: the fetch fails.
        ByteBuf out = FakeDeviceTask.ALLOC.directBuffer(512).writeZero(512);
        try (FakeDeviceTask t = new FakeDeviceTask(0x2A, 0, 0, 0, 0, 0, 0, 0, 2, 0).dataOut(out).expectedLength(1024)) {
            b.execute(t);
            assertEquals(ScsiStatus.CHECK_CONDITION, t.await().status());
            assertEquals(SenseKey.ABORTED_COMMAND, t.sense().key());
            assertEquals(0x4B, t.sense().asc());
            assertEquals(1, t.completions());
        }
        assertTrue(b.sent.stream().noneMatch(s -> s.opcode() == 0x2A), "the WRITE was not sent: " + b.sent);
        assertEquals(0, out.refCnt());
    }

    @Test
    void aWriteSendsItsDataOutOnceAndReleasesIt() throws Exception {
        RecordingBackend b = new RecordingBackend(PeripheralDeviceType.DIRECT_ACCESS_BLOCK);
        assertEquals(new RecordingBackend.Sent(0x2A, false, 1024, 1024),
                written(b, 1024, 0x2A, 0, 0, 0, 0, 0, 0, 0, 2, 0));
    }

    /** (i) A READ whose initiator expects less than its CDB calls for still gets a buffer of the CDB's length. */
    @Test
    void dataInIsSizedFromTheCdbNotTheInitiatorsLength() throws Exception {
        RecordingBackend b = learnt(new RecordingBackend(PeripheralDeviceType.DIRECT_ACCESS_BLOCK));
        try (FakeDeviceTask t = new FakeDeviceTask(0x28, 0, 0, 0, 0, 0, 0, 0, 8, 0).expectedLength(1024)) {
            good(b, t);
            // All 4096 bytes go to the core, which sends 1024 and reports an overflow of 3072.
            assertEquals(4096, t.data().readableBytes());
        }
        assertEquals(new RecordingBackend.Sent(0x28, true, 4096, -1), b.last());
    }

    /** A bogus CDB length far beyond what the initiator expects allocates no more than 1 MiB over the expected. */
    @Test
    void dataInBeyondTheExpectedIsBounded() throws Exception {
        RecordingBackend b = learnt(new RecordingBackend(PeripheralDeviceType.DIRECT_ACCESS_BLOCK));
        // READ(10) of 65535 blocks (32 MiB of 512-byte blocks) with 512 bytes expected
        try (FakeDeviceTask t = new FakeDeviceTask(0x28, 0, 0, 0, 0, 0, 0, 0xFF, 0xFF, 0).expectedLength(512)) {
            good(b, t);
        }
        assertEquals(new RecordingBackend.Sent(0x28, true, 512 + (1 << 20), -1), b.last());
        // READ(16) of 2^24 blocks (8 GiB)
        try (FakeDeviceTask t = new FakeDeviceTask(0x88, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x01, 0, 0, 0, 0, 0)
                .expectedLength(4096)) {
            good(b, t);
        }
        assertEquals(new RecordingBackend.Sent(0x88, true, 4096 + (1 << 20), -1), b.last());
    }

    /** (ii) A WRITE announced without Data-Out is refused as SCST refuses it, and never reaches the device. */
    @Test
    void aDirectionTheCdbContradictsEndsIllegalRequestInvalidMessageError() throws Exception {
        RecordingBackend b = learnt(new RecordingBackend(PeripheralDeviceType.DIRECT_ACCESS_BLOCK));
        try (FakeDeviceTask t = new FakeDeviceTask(0x2A, 0, 0, 0, 0, 0, 0, 0, 1, 0).expectedLength(0)) {
            b.execute(announcing(t, DataDirection.NONE));
            assertEquals(ScsiStatus.CHECK_CONDITION, t.await().status());
            assertEquals(SenseKey.ILLEGAL_REQUEST, t.sense().key());
            assertEquals(0x49, t.sense().asc());
            assertEquals(0x00, t.sense().ascq());
        }
        // A SYNCHRONIZE CACHE (no data) announced as a write with data too.
        ByteBuf out = FakeDeviceTask.ALLOC.directBuffer(512).writeZero(512);
        try (FakeDeviceTask t = new FakeDeviceTask(0x35, 0, 0, 0, 0, 0, 0, 0, 0, 0).dataOut(out).expectedLength(512)) {
            b.execute(t);
            assertEquals(0x49, t.await().sense().asc());
        }
        assertEquals(0, out.refCnt(), "the data-out the device never took is the task's, released with it");
        assertTrue(b.sent.stream().noneMatch(s -> s.opcode() == 0x2A || s.opcode() == 0x35), b.sent.toString());
    }

    /** What SCST lets differ: no data announced for a READ of 0 blocks, TEST UNIT READY as a read, VERIFY without BYTCHK with data. */
    @Test
    void theMismatchesScstAllowsGoThrough() throws Exception {
        RecordingBackend b = new RecordingBackend(PeripheralDeviceType.DIRECT_ACCESS_BLOCK);
        try (FakeDeviceTask t = new FakeDeviceTask(0x28, 0, 0, 0, 0, 0, 0, 0, 0, 0).expectedLength(0)) {
            b.execute(announcing(t, DataDirection.NONE));
            assertEquals(ScsiStatus.GOOD, t.await().status()); // a READ of 0 blocks without a data phase
        }
        try (FakeDeviceTask t = new FakeDeviceTask(0, 0, 0, 0, 0, 0).expectedLength(0)) {
            good(b, t);
        }
        assertEquals(new RecordingBackend.Sent(0x2F, false, 512, 512),
                written(b, 512, 0x2F, 0, 0, 0, 0, 0, 0, 0, 1, 0));
    }

    /**
     * (iii) An initiator that sends more than the WRITE calls for: all of it goes with the CDB, and the device's
     * residual says the underflow (a COMPARE AND WRITE's device must see a Data-Out that does not fit its CDB).
     */
    @Test
    void aWriteSendsAllTheInitiatorsDataAndTheDeviceReportsTheUnderflow() throws Exception {
        RecordingBackend b = learnt(new RecordingBackend(PeripheralDeviceType.DIRECT_ACCESS_BLOCK));
        assertEquals(new RecordingBackend.Sent(0x2A, false, 10000, 10000),
                written(b, 10000, 0x2A, 0, 0, 0, 0, 0, 0, 0, 1, 0));
    }

    /** A READ announced as a write runs as the read it is, its Data-Out not taken: GOOD, as Quiver's disks and tgtd. */
    @Test
    void aReadAnnouncedAsAWriteRunsAsARead() throws Exception {
        RecordingBackend b = learnt(new RecordingBackend(PeripheralDeviceType.DIRECT_ACCESS_BLOCK));
        assertEquals(new RecordingBackend.Sent(0x28, true, 512, -1),
                written(b, 512, 0x28, 0, 0, 0, 0, 0, 0, 0, 1, 0));
    }

    /** Commands the table does not know go with the initiator's direction and length, as before. */
    @Test
    void anUnknownOpcodeGoesAsTheInitiatorAnnouncedIt() throws Exception {
        RecordingBackend b = new RecordingBackend(PeripheralDeviceType.DIRECT_ACCESS_BLOCK);
        try (FakeDeviceTask t = new FakeDeviceTask(0xC0, 0, 0, 0, 0, 0, 0, 0, 0, 0).expectedLength(100)) {
            good(b, t);
        }
        assertEquals(new RecordingBackend.Sent(0xC0, true, 100, -1), b.last());
    }

    /** A tape drive's fixed-block READ is sized by the block length its mode parameters say, and follow MODE SELECT. */
    @Test
    void aTapesFixedBlockLengthComesFromItsModeParameters() throws Exception {
        RecordingBackend b = new RecordingBackend(PeripheralDeviceType.SEQUENTIAL_ACCESS);
        b.blockLength = 1024;
        // Before the drive's mode parameters passed through, the initiator's length goes.
        try (FakeDeviceTask t = new FakeDeviceTask(0x08, 0x01, 0, 0, 4, 0).expectedLength(65536)) {
            good(b, t);
        }
        assertEquals(new RecordingBackend.Sent(0x08, true, 65536, -1), b.last());
        try (FakeDeviceTask t = new FakeDeviceTask(0x1A, 0, 0, 0, 12, 0).expectedLength(12)) {
            good(b, t);
        }
        try (FakeDeviceTask t = new FakeDeviceTask(0x08, 0x01, 0, 0, 4, 0).expectedLength(65536)) {
            good(b, t);
        }
        assertEquals(new RecordingBackend.Sent(0x08, true, 4096, -1), b.last());
        // MODE SELECT (6) with a block descriptor of 2048 bytes.
        ByteBuf list = FakeDeviceTask.ALLOC.directBuffer(12).writeZero(12);
        list.setByte(3, 8).setMedium(9, 2048);
        try (FakeDeviceTask t = new FakeDeviceTask(0x15, 0x10, 0, 0, 12, 0).dataOut(list).expectedLength(12)) {
            good(b, t);
        }
        try (FakeDeviceTask t = new FakeDeviceTask(0x08, 0x01, 0, 0, 2, 0).expectedLength(4096)) {
            good(b, t);
        }
        assertEquals(new RecordingBackend.Sent(0x08, true, 4096, -1), b.last());
    }

    /** Runs the command {@code cdb} with {@code length} bytes of Data-Out on {@code b} (GOOD); what the device got. */
    private static RecordingBackend.Sent written(RecordingBackend b, int length, int... cdb) throws Exception {
        ByteBuf out = FakeDeviceTask.ALLOC.directBuffer(length).writeZero(length);
        try (FakeDeviceTask t = new FakeDeviceTask(cdb).dataOut(out).expectedLength(length)) {
            good(b, t);
        }
        assertEquals(0, out.refCnt());
        return b.last();
    }

    /** {@code b} once a READ CAPACITY (10) passed through it: it knows the disk's 512-byte blocks. */
    private static RecordingBackend learnt(RecordingBackend b) throws Exception {
        try (FakeDeviceTask t = new FakeDeviceTask(0x25, 0, 0, 0, 0, 0, 0, 0, 0, 0).expectedLength(8)) {
            good(b, t);
        }
        return b;
    }

    /** Runs {@code t} on {@code b}, which must end it GOOD. */
    private static void good(ForwardingBackend b, FakeDeviceTask t) throws Exception {
        b.execute(t);
        assertEquals(ScsiStatus.GOOD, t.await().status());
    }

    /** {@code t} as an initiator that announced {@code direction}. */
    private static DeviceTask announcing(FakeDeviceTask t, DataDirection direction) {
        return (DeviceTask) Proxy.newProxyInstance(DeviceTask.class.getClassLoader(), new Class<?>[] {DeviceTask.class},
                (p, m, a) -> m.getName().equals("direction") ? direction : m.invoke(t, a));
    }
}
