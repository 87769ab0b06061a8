package io.quiver.handler.passthrough.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.quiver.scsi.PeripheralDeviceType;
import io.quiver.scsi.ScsiStatus;
import io.quiver.scsi.SenseKey;
import io.quiver.testing.FakeDeviceTask;
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
        assertTrue(b.sent.isEmpty(), "nothing sent: " + b.sent);
        assertEquals(0, out.refCnt());
    }

    @Test
    void aWriteSendsItsDataOutOnceAndReleasesIt() throws Exception {
        RecordingBackend b = new RecordingBackend(PeripheralDeviceType.DIRECT_ACCESS_BLOCK);
        ByteBuf out = FakeDeviceTask.ALLOC.directBuffer(1024).writeZero(1024);
        try (FakeDeviceTask t = new FakeDeviceTask(0x2A, 0, 0, 0, 0, 0, 0, 0, 2, 0).dataOut(out).expectedLength(1024)) {
            b.execute(t);
            assertEquals(ScsiStatus.GOOD, t.await().status());
        }
        assertEquals(new RecordingBackend.Sent(0x2A, false, 1024, 1024), b.sent.get(0));
    }
}
