package io.quiver.handler.passthrough.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.quiver.scsi.SenseKey;
import io.quiver.testing.FakeDeviceTask;
import org.junit.jupiter.api.Test;

/** Regression (PassThroughConformanceIT, ReceiveCopyResults.CopyStatus): copy results stay with their nexus. */
class CopyListGuardTest {

    private static final int[] COPY_STATUS_OF_LIST_5 = {0x84, 0x00, 0x05, 0, 0, 0, 0, 0, 0, 0, 0, 0x60, 0, 0, 0, 0};

    @Test
    void copyResultsAnswerOnlyTheNexusThatMadeTheCopy() throws Exception {
        CopyListGuard guard = new CopyListGuard();
        try (FakeDeviceTask fresh = new FakeDeviceTask(COPY_STATUS_OF_LIST_5).nexus(2)) {
            assertTrue(guard.refused(fresh));
            assertEquals(SenseKey.ILLEGAL_REQUEST, fresh.await().sense().key());
            assertEquals(0x24, fresh.sense().asc());
        }
        ByteBuf parameters = FakeDeviceTask.ALLOC.directBuffer(16).writeByte(5).writeZero(15);
        try (FakeDeviceTask copy = new FakeDeviceTask(0x83, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 16, 0, 0).nexus(2)) {
            guard.sent(copy, parameters);
        } finally {
            parameters.release();
        }
        try (FakeDeviceTask mine = new FakeDeviceTask(COPY_STATUS_OF_LIST_5).nexus(2);
                FakeDeviceTask other = new FakeDeviceTask(COPY_STATUS_OF_LIST_5).nexus(3)) {
            assertFalse(guard.refused(mine));
            assertTrue(guard.refused(other));
        }
        guard.nexusLost(2);
        try (FakeDeviceTask afterLoss = new FakeDeviceTask(COPY_STATUS_OF_LIST_5).nexus(2)) {
            assertTrue(guard.refused(afterLoss));
        }
    }
}
