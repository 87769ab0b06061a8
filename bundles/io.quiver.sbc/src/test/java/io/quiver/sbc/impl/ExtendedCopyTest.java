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

    private static final byte[] NAA_A = {0x50, 1, 2, 3, 4, 5, 6, 7};
    private static final byte[] NAA_B = {0x50, 9, 9, 9, 9, 9, 9, 9};

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
        assertInvalidField(run(source, results(0x01, 0, 255)), 1); // RECEIVE DATA: no held data
        assertInvalidField(run(source, results(0x00, 99, 255)), 2);
        assertInvalidField(run(source, results(0x04, 99, 255)), 2);
    }

    @Test
    void failedSegmentDetailsGiveTheSenseOfAFailedCopyOnce() {
        setUp();
        byte[] beyond = list(6, 1, 2, b -> {
            target(b, NAA_A, 0);
            segment(b, 0, 0, 1, 0, 1);
            segment(b, 0, 0, 2, 0, BLOCKS - 1);
        });
        TestTask failed = run(source, xcopy(beyond.length), beyond);
        assertEquals(SenseKey.COPY_ABORTED, failed.await().sense().key());

        ByteBuf details = Unpooled.wrappedBuffer(run(source, results(0x04, 6, 255)).dataIn());
        int senseLength = details.getUnsignedShort(58);
        assertEquals(60 + senseLength, details.readableBytes());
        assertEquals(56 + senseLength, details.getInt(0)); // AVAILABLE DATA
        assertEquals(0x02, details.getUnsignedByte(56)); // completed, error
        assertEquals(0x70, details.getUnsignedByte(60) & 0x7F); // fixed format, current
        assertEquals(SenseKey.COPY_ABORTED.code(), details.getUnsignedByte(62) & 0x0F);
        ByteBuf status = Unpooled.wrappedBuffer(run(source, results(0x00, 6, 64)).dataIn());
        assertEquals(0x02, status.getByte(4));
        assertEquals(1, status.getUnsignedShort(5), "the first segment was processed");

        ByteBuf again = Unpooled.wrappedBuffer(run(source, results(0x04, 6, 255)).dataIn());
        assertEquals(4, again.readableBytes());
        assertEquals(0, again.getInt(0), "the details are given once");

        byte[] good = list(7, 1, 1, b -> {
            target(b, NAA_A, 0);
            segment(b, 0, 0, 1, 0, 1);
        });
        assertGood(run(source, xcopy(good.length), good));
        assertEquals(0, Unpooled.wrappedBuffer(run(source, results(0x04, 7, 255)).dataIn()).getInt(0));
    }

    @Test
    void theThirdPartyCopyPageAdvertisesWhatTheCopyManagerDoes() {
        setUp();
        ByteBuf p = Unpooled.wrappedBuffer(run(source, cdb(INQUIRY, 1, 0x8F, 0, 255, 0)).dataIn());
        assertEquals(0x8F, p.getUnsignedByte(1));
        assertEquals(p.readableBytes() - 4, p.getUnsignedShort(2));
        java.util.Map<Integer, ByteBuf> descriptors = new java.util.LinkedHashMap<>();
        for (int at = 4; at < p.readableBytes(); at += 4 + p.getUnsignedShort(at + 2)) {
            assertEquals(0, p.getUnsignedShort(at + 2) % 4, "descriptors are padded to four bytes");
            descriptors.put(p.getUnsignedShort(at), p.slice(at + 4, p.getUnsignedShort(at + 2)));
        }
        assertEquals(java.util.List.of(0x0001, 0x0004, 0x0008, 0x000C, 0x8001),
                java.util.List.copyOf(descriptors.keySet()));

        ByteBuf commands = descriptors.get(0x0001);
        assertEquals(8, commands.getUnsignedByte(0));
        assertEquals(EXTENDED_COPY, commands.getUnsignedByte(1));
        assertEquals(1, commands.getUnsignedByte(2));
        assertEquals(0x00, commands.getUnsignedByte(3)); // LID1
        assertEquals(RECEIVE_COPY_RESULTS, commands.getUnsignedByte(4));
        assertEquals(3, commands.getUnsignedByte(5));
        assertEquals(java.util.List.of(0x00, 0x03, 0x04), java.util.List.of(commands.getUnsignedByte(6),
                commands.getUnsignedByte(7), commands.getUnsignedByte(8)).stream().map(Short::intValue).toList());

        ByteBuf parameters = descriptors.get(0x0004);
        assertEquals(28, parameters.readableBytes());
        assertEquals(CopyParameters.MAX_TARGET_DESCRIPTORS, parameters.getUnsignedShort(4));
        assertEquals(CopyParameters.MAX_SEGMENT_DESCRIPTORS, parameters.getUnsignedShort(6));
        assertEquals(CopyParameters.MAX_DESCRIPTOR_LIST_LENGTH, parameters.getInt(8));

        ByteBuf supported = descriptors.get(0x0008);
        assertEquals(2, supported.getUnsignedByte(0));
        assertEquals(0x02, supported.getUnsignedByte(1));
        assertEquals(0xE4, supported.getUnsignedByte(2));
        assertEquals(0, descriptors.get(0x000C).getUnsignedShort(0));

        ByteBuf general = descriptors.get(0x8001);
        assertEquals(32, general.readableBytes());
        assertEquals(CopyResults.CONCURRENT_COPIES, general.getInt(0));
        assertEquals(ExtendedCopy.MAX_SEGMENT_BYTES, general.getInt(8));
        assertEquals(Integer.numberOfTrailingZeros(BS), general.getUnsignedByte(12));
        // the same limits as OPERATING PARAMETERS
        ByteBuf op = Unpooled.wrappedBuffer(run(source, results(0x03, 0, 255)).dataIn());
        assertEquals(op.getInt(16), general.getInt(8));
        assertEquals(op.getUnsignedShort(34), general.getInt(0)); // TOTAL CONCURRENT COPIES
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
            target(b, new byte[] {0x50, 0, 0, 0, 0, 0, 0, 0x55}, 0);
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
