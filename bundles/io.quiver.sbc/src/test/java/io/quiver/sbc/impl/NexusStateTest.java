package io.quiver.sbc.impl;

import static io.quiver.scsi.ScsiOpcode.EXTENDED_COPY;
import static io.quiver.scsi.ScsiOpcode.PREVENT_ALLOW_MEDIUM_REMOVAL;
import static io.quiver.scsi.ScsiOpcode.RECEIVE_COPY_RESULTS;
import static io.quiver.scsi.ScsiOpcode.START_STOP_UNIT;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.quiver.sbc.SbcOptions;
import io.quiver.scsi.AdditionalSense;
import io.quiver.scsi.PeripheralDeviceType;
import io.quiver.scsi.SenseKey;
import io.quiver.spi.device.DeviceDescriptor;
import org.junit.jupiter.api.Test;

/**
 * State an SBC device keeps per I_T nexus: EXTENDED COPY list identifiers and their held RECEIVE COPY
 * RESULTS status (SPC-4: unique per I_T nexus), and PREVENT ALLOW MEDIUM REMOVAL (prevented while any
 * nexus prevents); each goes with its nexus' loss and, for every nexus, with a logical unit reset.
 */
class NexusStateTest extends SbcTestSupport {

    private static final byte[] NAA = {0x50, 0, 0, 0, 0, 0, 0, 0x11};

    private SbcEngine engine(boolean removable) {
        DeviceDescriptor d = DeviceDescriptor.builder("n", "test", PeripheralDeviceType.DIRECT_ACCESS_BLOCK)
                .naaId(NAA).removable(removable).build();
        return new SbcEngine(d, store(false), SbcOptions.defaults(), o -> null);
    }

    /** EXTENDED COPY of {@code blocks} blocks from LBA 0 to LBA 100 of the device itself. */
    private TestTask xcopy(SbcEngine e, long nexus, int listId, int blocks) {
        ByteBuf b = Unpooled.buffer();
        b.writeByte(listId).writeByte(0).writeShort(32).writeInt(0).writeInt(28).writeInt(0);
        b.writeByte(0xE4).writeByte(0).writeShort(0);
        b.writeByte(0x01).writeByte(0x03).writeByte(0).writeByte(NAA.length).writeBytes(NAA).writeZero(20 - NAA.length);
        b.writeByte(0).writeMedium(BS);
        b.writeByte(0x02).writeByte(0).writeShort(0x18).writeShort(0).writeShort(0).writeShort(0)
                .writeShort(blocks).writeLong(0).writeLong(100);
        byte[] params = new byte[b.readableBytes()];
        b.readBytes(params);
        byte[] c = new byte[16];
        c[0] = (byte) EXTENDED_COPY;
        Unpooled.wrappedBuffer(c).setInt(10, params.length);
        return run(e, new TestTask(c, params, false).nexus(nexus));
    }

    private TestTask copyStatus(SbcEngine e, long nexus, int listId) {
        byte[] c = new byte[16];
        c[0] = (byte) RECEIVE_COPY_RESULTS;
        c[2] = (byte) listId;
        Unpooled.wrappedBuffer(c).setInt(10, 64);
        return run(e, TestTask.of(c).nexus(nexus));
    }

    /** The number of segments the held status of {@code listId} reports to {@code nexus}. */
    private int segments(SbcEngine e, long nexus, int listId) {
        TestTask t = copyStatus(e, nexus, listId);
        assertGood(t);
        return Unpooled.wrappedBuffer(t.dataIn()).getUnsignedShort(5);
    }

    @Test
    void copyStatusIsHeldPerNexusAndList() {
        SbcEngine e = engine(false);
        try {
            assertGood(xcopy(e, 1, 1, 4));
            assertInvalidField(copyStatus(e, 2, 1), 2);
            assertGood(xcopy(e, 2, 1, 0));
            assertEquals(1, segments(e, 1, 1));
            assertEquals(1, segments(e, 2, 1));
            e.nexusLost(1);
            assertInvalidField(copyStatus(e, 1, 1), 2);
            assertEquals(1, segments(e, 2, 1), "another nexus' status stays");
            e.reset();
            assertInvalidField(copyStatus(e, 2, 1), 2);
        } finally {
            e.close();
        }
    }

    private TestTask prevent(SbcEngine e, long nexus, int prevent) {
        return run(e, TestTask.of(cdb(PREVENT_ALLOW_MEDIUM_REMOVAL, 0, 0, 0, prevent, 0)).nexus(nexus));
    }

    private TestTask eject(SbcEngine e) {
        return run(e, TestTask.of(cdb(START_STOP_UNIT, 0, 0, 0, 0x02, 0)).nexus(3));
    }

    @Test
    void removalIsPreventedWhileAnyNexusPreventsIt() {
        SbcEngine e = engine(true);
        try {
            assertGood(prevent(e, 1, 1));
            assertGood(prevent(e, 2, 1));
            assertGood(prevent(e, 1, 0));
            assertSense(eject(e), SenseKey.ILLEGAL_REQUEST, AdditionalSense.MEDIUM_REMOVAL_PREVENTED);
            e.nexusLost(2);
            assertGood(eject(e));
            assertGood(run(e, TestTask.of(cdb(START_STOP_UNIT, 0, 0, 0, 0x03, 0))));
            assertGood(prevent(e, 1, 1));
            assertGood(prevent(e, 2, 1));
            e.reset();
            assertGood(eject(e));
        } finally {
            e.close();
        }
    }
}
