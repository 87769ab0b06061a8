package io.quiver.handler.passthrough.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.quiver.scsi.PeripheralDeviceType;
import io.quiver.scsi.ScsiStatus;
import io.quiver.scsi.SenseKey;
import io.quiver.testing.FakeDeviceTask;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The SG_IO backend on this host, whose kernel has no SCSI at all: how it names devices, and that every way a
 * command cannot reach a device ends the task with the promised sense and releases its buffers (the leak detector
 * runs at PARANOID). The real SCSI devices are in the Linux guest (docs/passthrough.md).
 */
class SgIoBackendTest {

    private static final int[] READ_10_EIGHT_BLOCKS = {0x28, 0, 0, 0, 0, 0, 0, 0, 8, 0};
    private static final int[] WRITE_10_ONE_BLOCK = {0x2A, 0, 0, 0, 0, 0, 0, 0, 1, 0};

    @Test
    void aDeviceNamedNeitherByAddressNorByNodeIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new SgIoBackend("disk1", "", 1, 1000, PeripheralDeviceType.DIRECT_ACCESS_BLOCK));
        assertTrue(e.getMessage().contains("H:C:I:L"), e.getMessage());
    }

    @Test
    void anAddressWithNoDeviceIsNotAttachedAndItsCommandsFailNotReady() throws Exception {
        SgIoBackend b = new SgIoBackend("9:0:0:9", "", 1, 1000, PeripheralDeviceType.DIRECT_ACCESS_BLOCK);
        try {
            ExecutionException e = assertThrows(ExecutionException.class, () -> b.identified().get(5, TimeUnit.SECONDS));
            assertTrue(e.getCause().getMessage().contains("no SCSI device 9:0:0:9"), e.getCause().getMessage());
            try (FakeDeviceTask t = new FakeDeviceTask(READ_10_EIGHT_BLOCKS).expectedLength(4096)) {
                b.execute(t);
                assertEquals(SenseKey.NOT_READY, t.await().sense().key());
                assertEquals(0x08, t.sense().asc());
                assertNull(b.current());
            }
        } finally {
            b.close();
        }
    }

    /**
     * /dev/null opens but refuses SG_IO (ENOTTY): the identity is unknown (never attached as a disk), and a command
     * that reached the ioctl ends ABORTED COMMAND with its data-in and data-out released, never hangs.
     */
    @Test
    void aNodeThatIsNoScsiDeviceEndsEachCommandAbortedAndReleasesItsBuffers() throws Exception {
        SgIoBackend b = new SgIoBackend("null0", "/dev/null", 2, 1000, PeripheralDeviceType.DIRECT_ACCESS_BLOCK);
        try {
            assertEquals(PeripheralDeviceType.UNKNOWN, b.identified().get(5, TimeUnit.SECONDS).type());
            try (FakeDeviceTask read = new FakeDeviceTask(READ_10_EIGHT_BLOCKS).expectedLength(4096)) {
                b.execute(read);
                assertEquals(ScsiStatus.CHECK_CONDITION, read.await().status());
                assertEquals(SenseKey.ABORTED_COMMAND, read.sense().key());
                assertEquals(0x08, read.sense().asc());
            }
            ByteBuf out = FakeDeviceTask.ALLOC.directBuffer(512).writeZero(512);
            try (FakeDeviceTask write = new FakeDeviceTask(WRITE_10_ONE_BLOCK).dataOut(out).expectedLength(512)) {
                b.execute(write);
                assertEquals(SenseKey.ABORTED_COMMAND, write.await().sense().key());
            }
            assertEquals(0, out.refCnt());
        } finally {
            b.close();
        }
    }

    @Test
    void commandsAfterCloseFailAndAreNotLost() throws Exception {
        SgIoBackend b = new SgIoBackend("null1", "/dev/null", 1, 1000, PeripheralDeviceType.DIRECT_ACCESS_BLOCK);
        b.identified().get(5, TimeUnit.SECONDS);
        b.close();
        try (FakeDeviceTask t = new FakeDeviceTask(READ_10_EIGHT_BLOCKS).expectedLength(4096)) {
            b.execute(t);
            assertEquals(ScsiStatus.CHECK_CONDITION, t.await().status());
            assertEquals(1, t.completions());
        }
    }
}
