package io.quiver.sbc.impl;

import static io.quiver.scsi.ScsiOpcode.VARIABLE_LENGTH;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.quiver.sbc.SbcOptions;
import io.quiver.scsi.AdditionalSense;
import io.quiver.scsi.PeripheralDeviceType;
import io.quiver.scsi.ScsiStatus;
import io.quiver.scsi.SenseKey;
import io.quiver.spi.device.DeviceDescriptor;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;

/** CDB builders and assertions shared by the command tests; closes every task and engine it made. */
abstract class SbcTestSupport {

    static final int BS = 512;
    static final int BLOCKS = 1024;

    final List<AutoCloseable> closeables = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable c : closeables) {
            c.close();
        }
        long leaked = TrackingAllocator.INSTANCE.unreleased();
        TrackingAllocator.INSTANCE.reset();
        assertEquals(0, leaked, "buffers not released");
    }

    SbcEngine engine(RecordingStore store, SbcOptions options) {
        return engine("disk0", store, options);
    }

    SbcEngine engine(String name, RecordingStore store, SbcOptions options) {
        DeviceDescriptor d = DeviceDescriptor.builder(name, "test", PeripheralDeviceType.DIRECT_ACCESS_BLOCK)
                .naaId(new byte[] {0x50, 0, 0, 0, 0, 0, 0, (byte) name.hashCode()}).build();
        SbcEngine e = new SbcEngine(d, store, options, o -> null);
        closeables.add(e);
        return e;
    }

    RecordingStore store(boolean thin) {
        return new RecordingStore(BS, BLOCKS, thin, true);
    }

    TestTask run(SbcEngine e, byte[] cdb) {
        return run(e, new TestTask(cdb, null, false));
    }

    TestTask run(SbcEngine e, byte[] cdb, byte[] dataOut) {
        return run(e, new TestTask(cdb, dataOut, false));
    }

    TestTask run(SbcEngine e, TestTask t) {
        closeables.add(t);
        e.execute(t);
        t.await();
        return t;
    }

    static void assertGood(TestTask t) {
        assertEquals(ScsiStatus.GOOD, t.await().status(), () -> "sense " + t.await().sense());
    }

    static void assertSense(TestTask t, SenseKey key, AdditionalSense asc) {
        TestTask.Result r = t.await();
        assertEquals(ScsiStatus.CHECK_CONDITION, r.status());
        assertNotNull(r.sense());
        assertEquals(key, r.sense().key(), () -> "sense " + r.sense());
        assertEquals(asc, r.sense().additionalSense(), () -> "sense " + r.sense());
    }

    static void assertInvalidField(TestTask t, int byteOffset) {
        assertSense(t, SenseKey.ILLEGAL_REQUEST, AdditionalSense.INVALID_FIELD_IN_CDB);
        assertEquals(byteOffset, t.await().sense().senseKeySpecific() & 0xFFFF, "field pointer");
    }

    static byte[] cdb(int... bytes) {
        byte[] b = new byte[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            b[i] = (byte) bytes[i];
        }
        return b;
    }

    /** A 10-byte READ/WRITE-shaped CDB. */
    static byte[] cdb10(int opcode, int flags, long lba, int blocks) {
        return cdb(opcode, flags, (int) (lba >>> 24), (int) (lba >>> 16), (int) (lba >>> 8), (int) lba, 0,
                blocks >>> 8, blocks, 0);
    }

    /** A 12-byte READ/WRITE-shaped CDB. */
    static byte[] cdb12(int opcode, int flags, long lba, long blocks) {
        return cdb(opcode, flags, (int) (lba >>> 24), (int) (lba >>> 16), (int) (lba >>> 8), (int) lba,
                (int) (blocks >>> 24), (int) (blocks >>> 16), (int) (blocks >>> 8), (int) blocks, 0, 0);
    }

    /** A 16-byte READ/WRITE-shaped CDB. */
    static byte[] cdb16(int opcode, int flags, long lba, long blocks) {
        byte[] b = new byte[16];
        b[0] = (byte) opcode;
        b[1] = (byte) flags;
        for (int i = 0; i < 8; i++) {
            b[2 + i] = (byte) (lba >>> (56 - 8 * i));
        }
        for (int i = 0; i < 4; i++) {
            b[10 + i] = (byte) (blocks >>> (24 - 8 * i));
        }
        return b;
    }

    static byte[] pattern(int blocks, int seed) {
        byte[] b = new byte[blocks * BS];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) (seed + i * 7);
        }
        return b;
    }

    static byte[] filled(int length, int value) {
        byte[] b = new byte[length];
        java.util.Arrays.fill(b, (byte) value);
        return b;
    }

    /** An engine over a memory store formatted with protection information of {@code type}. */
    SbcEngine piEngine(int type) {
        RecordingStore store = store(false);
        store.piType = type;
        return engine(store, SbcOptions.defaults());
    }

    /** Blocks of {@code data} each followed by its PI: guard (corrupted if asked), app tag, ref tag. */
    static byte[] withPi(byte[] data, int app, long firstRef, int badGuardBlock) {
        int n = data.length / BS;
        ByteBuf out = Unpooled.buffer(n * (BS + 8));
        ByteBuf d = Unpooled.wrappedBuffer(data);
        for (int i = 0; i < n; i++) {
            int guard = ProtectionInformation.crc16(d, i * BS, BS) ^ (i == badGuardBlock ? 1 : 0);
            out.writeBytes(data, i * BS, BS).writeShort(guard).writeShort(app).writeInt((int) (firstRef + i));
        }
        return out.array();
    }

    static byte[] cdb32(int action, int protect, long lba, long ref, int app, int mask, int blocks) {
        return cdb32Flags(action, protect << 5, lba, ref, app, mask, blocks);
    }

    /** A 32-byte VARIABLE LENGTH CDB with byte 10 (PROTECT, BYTCHK, UNMAP...) as given. */
    static byte[] cdb32Flags(int action, int flags, long lba, long ref, int app, int mask, int blocks) {
        ByteBuf b = Unpooled.buffer(32);
        b.writeByte(VARIABLE_LENGTH).writeByte(0).writeInt(0).writeByte(0).writeByte(0x18).writeShort(action)
                .writeByte(flags).writeByte(0).writeLong(lba).writeInt((int) ref).writeShort(app)
                .writeShort(mask).writeInt(blocks);
        return b.array();
    }

    static void assertPiFailure(TestTask t, AdditionalSense asc, long lba) {
        assertSense(t, SenseKey.ABORTED_COMMAND, asc);
        assertEquals(lba, t.await().sense().information());
    }
}
