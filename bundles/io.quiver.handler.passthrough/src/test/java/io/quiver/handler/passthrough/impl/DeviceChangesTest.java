package io.quiver.handler.passthrough.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.quiver.initiator.iscsi.ScsiResult;
import io.quiver.scsi.AdditionalSense;
import io.quiver.scsi.ScsiStatus;
import io.quiver.scsi.SenseKey;
import io.quiver.testing.FakeDeviceTask;
import io.quiver.testing.RecordingDeviceContext;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The real device's answers as the backend returns them: its unit attentions of the device reach the core for
 * every other nexus, those about the backend's own nexus or reservations do not; a MODE SELECT that succeeded
 * gives the others MODE PARAMETERS CHANGED; the Control page is read at attach, after a MODE SELECT and after a
 * reset. The task itself always gets the device's answer unchanged.
 */
class DeviceChangesTest {

    private static final int[] TEST_UNIT_READY = {0, 0, 0, 0, 0, 0};
    private static final int[] MODE_SELECT_10 = {0x55, 0x10, 0, 0, 0, 0, 0, 0, 0, 0};

    private final AtomicInteger controlPageReads = new AtomicInteger();
    private final DeviceChanges changes = new DeviceChanges(() -> {
        controlPageReads.incrementAndGet();
        return CompletableFuture.completedFuture(new ControlModePage(true, true, 1));
    });
    private final RecordingDeviceContext context = new RecordingDeviceContext();

    @Test
    void aUnitAttentionOfTheDeviceIsPassedOnAndTheTaskStillGetsIt() throws Exception {
        changes.context(context);
        assertEquals(1, controlPageReads.get());
        assertEquals("D_SENSE 1 TAS 1 QAM 1", context.controlMode());
        unitAttention(0x2A, 0x09);
        assertEquals(1, controlPageReads.get());
        unitAttention(0x29, 0x03); // the device was reset: its mode pages may be back at their saved values
        assertEquals(2, controlPageReads.get());
        assertEquals(List.of(AdditionalSense.CAPACITY_DATA_HAS_CHANGED, AdditionalSense.BUS_DEVICE_RESET_FUNCTION_OCCURRED),
                context.unitAttentions());
    }

    @Test
    void conditionsOfTheBackendsNexusOrOfStateTheCoreKeepsStayWithTheTask() throws Exception {
        changes.context(context);
        unitAttention(0x2A, 0x03); // RESERVATIONS PREEMPTED: the backend's reservations, not the core's
        unitAttention(0x29, 0x07); // I_T NEXUS LOSS OCCURRED: the backend's nexus
        unitAttention(0x3F, 0x0E); // REPORTED LUNS DATA HAS CHANGED: the backend target's LUNs
        unitAttention(0x2A, 0x06); // ASYMMETRIC ACCESS STATE CHANGED: the core answers ALUA
        unitAttention(0x5D, 0x00); // a code Quiver does not name
        changes.context(null);
        unitAttention(0x2A, 0x09); // detached: no core to tell
        assertEquals(List.of(), context.unitAttentions());
        assertEquals(1, controlPageReads.get());
    }

    @Test
    void aModeSelectThatSucceededTellsTheOthersAndRereadsTheControlPage() throws Exception {
        changes.context(context);
        try (FakeDeviceTask t = new FakeDeviceTask(MODE_SELECT_10)) {
            changes.completed(t, ScsiStatus.GOOD, null);
        }
        assertEquals(1, context.modeParameterChanges());
        assertEquals(2, controlPageReads.get());
        try (FakeDeviceTask t = new FakeDeviceTask(MODE_SELECT_10)) {
            changes.completed(t, ScsiStatus.CHECK_CONDITION, io.quiver.scsi.SenseData.invalidFieldInParameterList(2, 2));
        }
        assertEquals(1, context.modeParameterChanges());
        assertEquals(2, controlPageReads.get());
    }

    @Test
    void theControlPageIsFoundBehindBlockDescriptorsAndOtherPages() {
        byte[] data = new byte[8 + 8 + 4 + 12];
        data[1] = (byte) (data.length - 2);
        data[7] = 8; // one block descriptor
        data[16] = 0x08; // a Caching-like page of 2 bytes first
        data[17] = 2;
        int at = 20;
        data[at] = 0x0A;
        data[at + 1] = 10;
        data[at + 2] = 0x04; // D_SENSE
        data[at + 3] = 0x10; // QAM 1
        data[at + 5] = 0x40; // TAS
        assertEquals(new ControlModePage(true, true, 1), ControlModePage.parse(data));
        data[at + 2] = 0;
        data[at + 3] = 0;
        data[at + 5] = 0;
        assertEquals(new ControlModePage(false, false, 0), ControlModePage.parse(data));
        data[at] = 0x1C;
        assertNull(ControlModePage.parse(data));
        assertNull(ControlModePage.parse(new byte[4]));
    }

    /** The backend answers CHECK CONDITION, UNIT ATTENTION with {@code asc}/{@code ascq} in fixed format. */
    private void unitAttention(int asc, int ascq) throws Exception {
        ByteBuf sense = Unpooled.directBuffer(18).writeZero(18);
        sense.setByte(0, 0x70).setByte(2, 0x06).setByte(7, 10).setByte(12, asc).setByte(13, ascq);
        try (FakeDeviceTask t = new FakeDeviceTask(TEST_UNIT_READY)) {
            BackendResults.complete(t, new ScsiResult(0x02, sense, Unpooled.EMPTY_BUFFER, 0, false, false), 0, changes);
            t.await();
            assertEquals(ScsiStatus.CHECK_CONDITION, t.status());
            assertEquals(SenseKey.UNIT_ATTENTION, t.sense().key());
            assertEquals(asc, t.sense().asc());
            assertEquals(ascq, t.sense().ascq());
        }
        assertEquals(0, sense.refCnt());
    }
}
