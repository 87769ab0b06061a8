package io.quiver.sbc.impl;

import static io.quiver.scsi.ScsiOpcode.*;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.quiver.sbc.SbcOptions;
import io.quiver.scsi.AdditionalSense;
import io.quiver.scsi.PeripheralDeviceType;
import io.quiver.scsi.SenseKey;
import io.quiver.spi.device.DeviceDescriptor;
import io.quiver.spi.device.DeviceTask;
import io.quiver.spi.device.ScsiDevice;
import java.util.Arrays;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ExtendedCopyTest extends SbcTestSupport {

    /** Stands in for SbcDevice so the test can hand engines to findDevice. */
    private record EngineDevice(SbcEngine engine) implements ScsiDevice {
        @Override
        public DeviceDescriptor descriptor() {
            return engine.descriptor;
        }

        @Override
        public void execute(DeviceTask task) {
            engine.execute(task);
        }
    }

    private SbcEngine source;
    private SbcEngine other;
    private final RecordingStore sourceStore = store(false);
    private final RecordingStore otherStore = store(false);

    private SbcEngine engine(String name, RecordingStore store, byte[] naa) {
        DeviceDescriptor d = DeviceDescriptor.builder(name, "test", PeripheralDeviceType.DIRECT_ACCESS_BLOCK)
                .naaId(naa).build();
        return new SbcEngine(d, store, SbcOptions.defaults(), o -> o instanceof EngineDevice ed ? ed.engine() : null);
    }

    private static final byte[] NAA_A = {0x60, 1, 2, 3, 4, 5, 6, 7};
    private static final byte[] NAA_B = {0x60, 9, 9, 9, 9, 9, 9, 9};

    private void setUp() {
        source = engine("a", sourceStore, NAA_A);
        other = engine("b", otherStore, NAA_B);
        RecordingContext ctx = new RecordingContext();
        ctx.devices.put(Arrays.toString(NAA_B), new EngineDevice(other));
        source.attach(ctx);
    }

    @AfterEach
    void closeEngines() {
        source.close();
        other.close();
    }

    private static void target(ByteBuf b, byte[] naa, int flags) {
        b.writeByte(0xE4).writeByte(flags).writeShort(0);
        b.writeByte(0x01).writeByte(0x03).writeByte(0).writeByte(naa.length).writeBytes(naa);
        b.writeZero(20 - naa.length);
        b.writeByte(0).writeMedium(BS);
    }

    private static void segment(ByteBuf b, int src, int dst, int blocks, long srcLba, long dstLba) {
        b.writeByte(0x02).writeByte(0).writeShort(0x18).writeShort(src).writeShort(dst).writeShort(0)
                .writeShort(blocks).writeLong(srcLba).writeLong(dstLba);
    }

    private static byte[] list(int listId, int targets, int segments, java.util.function.Consumer<ByteBuf> body) {
        ByteBuf b = Unpooled.buffer();
        b.writeByte(listId).writeByte(0).writeShort(targets * 32).writeInt(0).writeInt(segments * 28).writeInt(0);
        body.accept(b);
        byte[] out = new byte[b.readableBytes()];
        b.readBytes(out);
        return out;
    }

    private static byte[] xcopy(int length) {
        byte[] c = new byte[16];
        c[0] = (byte) EXTENDED_COPY;
        Unpooled.wrappedBuffer(c).setInt(10, length);
        return c;
    }

    private static byte[] results(int action, int listId, int allocation) {
        byte[] c = new byte[16];
        c[0] = (byte) RECEIVE_COPY_RESULTS;
        c[1] = (byte) action;
        c[2] = (byte) listId;
        Unpooled.wrappedBuffer(c).setInt(10, allocation);
        return c;
    }

    @Test
    void copiesWithinAndAcrossDevices() {
        setUp();
        byte[] data = pattern(16, 3);
        assertGood(run(source, cdb10(WRITE_10, 0, 0, 16), data));
        byte[] params = list(7, 2, 2, b -> {
            target(b, NAA_A, 0);
            target(b, NAA_B, 0);
            segment(b, 0, 0, 16, 0, 100);
            segment(b, 0, 1, 8, 4, 500);
        });
        assertGood(run(source, xcopy(params.length), params));
        assertArrayEquals(data, Arrays.copyOfRange(sourceStore.data, 100 * BS, 116 * BS));
        assertArrayEquals(Arrays.copyOfRange(data, 4 * BS, 12 * BS),
                Arrays.copyOfRange(otherStore.data, 500 * BS, 508 * BS));

        ByteBuf status = Unpooled.wrappedBuffer(run(source, results(0x00, 7, 64)).dataIn());
        assertEquals(8, status.getInt(0));
        assertEquals(0x01, status.getByte(4)); // completed, good
        assertEquals(2, status.getUnsignedShort(5));
        assertEquals(24L * BS, status.getUnsignedInt(8) << (10 * status.getByte(7)));
    }

    @Test
    void anyDesignatorTheContextKnowsNamesTheDeviceItself() {
        // libiscsi names the LU by the T10 vendor ID designator of VPD 83h when it has no NAA: the core's
        // findDevice resolves it, to this very device.
        setUp();
        byte[] t10 = "QUIVER  0a0b0c0d".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        RecordingContext ctx = new RecordingContext();
        ctx.devices.put(Arrays.toString(t10), new EngineDevice(source));
        source.attach(ctx);
        byte[] data = pattern(4, 9);
        assertGood(run(source, cdb10(WRITE_10, 0, 0, 4), data));
        byte[] params = list(3, 1, 1, b -> {
            target(b, t10, 0);
            segment(b, 0, 0, 4, 0, BLOCKS - 4);
        });
        assertGood(run(source, xcopy(params.length), params));
        assertArrayEquals(data, Arrays.copyOfRange(sourceStore.data, (BLOCKS - 4) * BS, BLOCKS * BS));
        ByteBuf status = Unpooled.wrappedBuffer(run(source, results(0x00, 3, 64)).dataIn());
        assertEquals(0x01, status.getByte(4)); // completed, good
    }

    @Test
    void operatingParameters() {
        setUp();
        ByteBuf p = Unpooled.wrappedBuffer(run(source, results(0x03, 0, 255)).dataIn());
        assertEquals(46, p.readableBytes());
        assertEquals(42, p.getInt(0));
        assertEquals(CopyParameters.MAX_TARGET_DESCRIPTORS, p.getUnsignedShort(8));
        assertEquals(CopyParameters.MAX_SEGMENT_DESCRIPTORS, p.getUnsignedShort(10));
        assertEquals(CopyParameters.MAX_DESCRIPTOR_LIST_LENGTH, p.getInt(12));
        assertEquals(2, p.getUnsignedByte(43));
        assertEquals(0x02, p.getUnsignedByte(44));
        assertEquals(0xE4, p.getUnsignedByte(45));
        assertInvalidField(run(source, results(0x04, 0, 255)), 1);
        assertInvalidField(run(source, results(0x00, 99, 255)), 2);
    }

    @Test
    void descriptorErrors() {
        setUp();
        byte[] tooManyTargets = list(1, 9, 1, b -> {
            for (int i = 0; i < 9; i++) {
                target(b, NAA_A, 0);
            }
            segment(b, 0, 0, 1, 0, 1);
        });
        assertSense(run(source, xcopy(tooManyTargets.length), tooManyTargets), SenseKey.ILLEGAL_REQUEST,
                AdditionalSense.TOO_MANY_TARGET_DESCRIPTORS);
        byte[] tooManySegments = list(2, 1, 9, b -> {
            target(b, NAA_A, 0);
            for (int i = 0; i < 9; i++) {
                segment(b, 0, 0, 1, 0, 1);
            }
        });
        assertSense(run(source, xcopy(tooManySegments.length), tooManySegments), SenseKey.ILLEGAL_REQUEST,
                AdditionalSense.TOO_MANY_SEGMENT_DESCRIPTORS);
        byte[] reservedIdType = list(3, 1, 1, b -> {
            target(b, NAA_A, 0x40);
            segment(b, 0, 0, 1, 0, 1);
        });
        // SPC-4: an identification descriptor's LU ID TYPE is ignored (libiscsi ValidTgtDescr on version 6).
        assertGood(run(source, xcopy(reservedIdType.length), reservedIdType));
        byte[] nul = list(4, 1, 1, b -> {
            target(b, NAA_A, 0x20);
            segment(b, 0, 0, 1, 0, 1);
        });
        assertEquals(SenseKey.COPY_ABORTED, run(source, xcopy(nul.length), nul).await().sense().key());
        byte[] badIndex = list(5, 1, 1, b -> {
            target(b, NAA_A, 0);
            segment(b, 0, 1, 1, 0, 1);
        });
        assertEquals(SenseKey.COPY_ABORTED, run(source, xcopy(badIndex.length), badIndex).await().sense().key());
        byte[] beyond = list(6, 1, 1, b -> {
            target(b, NAA_A, 0);
            segment(b, 0, 0, 2, 0, BLOCKS - 1);
        });
        assertSense(run(source, xcopy(beyond.length), beyond), SenseKey.COPY_ABORTED,
                AdditionalSense.NO_ADDITIONAL_SENSE_INFORMATION); // libiscsi ValidSegDescr
        assertSense(run(source, xcopy(badIndex.length), badIndex), SenseKey.COPY_ABORTED,
                AdditionalSense.COPY_TARGET_DEVICE_NOT_REACHABLE);
        byte[] unknown = list(8, 1, 1, b -> {
            target(b, new byte[] {0x60, 0, 0, 0, 0, 0, 0, 0x55}, 0);
            segment(b, 0, 0, 1, 0, 1);
        });
        assertSense(run(source, xcopy(unknown.length), unknown), SenseKey.COPY_ABORTED,
                AdditionalSense.COPY_TARGET_DEVICE_NOT_REACHABLE);
        byte[] badSegmentType = list(9, 1, 1, b -> {
            target(b, NAA_A, 0);
            b.writeByte(0x0A).writeZero(27);
        });
        assertSense(run(source, xcopy(badSegmentType.length), badSegmentType), SenseKey.ILLEGAL_REQUEST,
                AdditionalSense.UNSUPPORTED_SEGMENT_DESCRIPTOR_TYPE_CODE);
        assertSense(run(source, xcopy(8), new byte[8]), SenseKey.ILLEGAL_REQUEST,
                AdditionalSense.PARAMETER_LIST_LENGTH_ERROR);
        assertGood(run(source, xcopy(0)));
    }

    @Test
    void aWriteProtectedDestinationIsRefused() {
        setUp();
        byte[] params = list(1, 1, 1, b -> {
            target(b, NAA_A, 0);
            segment(b, 0, 0, 1, 0, 1);
        });
        assertSense(run(source, new TestTask(xcopy(params.length), params, true)), SenseKey.DATA_PROTECT,
                AdditionalSense.WRITE_PROTECTED);
    }
}
