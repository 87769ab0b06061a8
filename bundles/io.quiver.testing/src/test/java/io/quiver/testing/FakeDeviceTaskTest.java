package io.quiver.testing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.netty.buffer.ByteBuf;
import io.quiver.scsi.DataDirection;
import io.quiver.scsi.ScsiStatus;
import io.quiver.scsi.SenseData;
import org.junit.jupiter.api.Test;

class FakeDeviceTaskTest {

    @Test
    void recordsTheCompletionAndReleasesTheDataIn() throws Exception {
        try (FakeDeviceTask t = new FakeDeviceTask(0x12, 0, 0, 0, 36, 0)) {
            assertEquals(0x12, t.opcode());
            assertEquals(DataDirection.IN, t.direction());
            t.complete(t.alloc().directBuffer(2).writeByte(1).writeByte(2));
            assertEquals(ScsiStatus.GOOD, t.await().status());
            assertEquals(1, t.completions());
            assertArrayEquals(new byte[] {1, 2}, t.bytes());
        }
    }

    @Test
    void handsDataOutOverOnceAndChecksItIsReleased() throws Exception {
        FakeDeviceTask t = new FakeDeviceTask(0x2A, 0, 0, 0, 0, 0, 0, 0, 1, 0).dataOut(new byte[] {7, 8});
        assertEquals(DataDirection.OUT, t.direction());
        ByteBuf out = t.receiveDataOut(2).toCompletableFuture().get();
        assertEquals(7, out.getByte(0));
        assertThrows(Exception.class, () -> t.receiveDataOut(2).toCompletableFuture().get(), "only once");
        out.release();
        t.fail(SenseData.invalidOpcode());
        t.close();
        assertEquals(SenseData.invalidOpcode(), t.sense());
    }

    @Test
    void closeWaitsForALateDataOutReleaseAndComplainsAboutADoubleCompletion() throws Exception {
        FakeDeviceTask kept = new FakeDeviceTask(0x2A).dataOut(new byte[1]);
        ByteBuf out = kept.receiveDataOut(1).toCompletableFuture().get();
        kept.complete();
        // Devices may release data-out after they complete: close() waits for that.
        Thread release = new Thread(() -> {
            sleep(50);
            out.release();
        });
        release.start();
        kept.close(); // released meanwhile: fine
        release.join();

        FakeDeviceTask twice = new FakeDeviceTask(0x00);
        twice.complete();
        twice.complete();
        assertThrows(AssertionError.class, twice::close);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
