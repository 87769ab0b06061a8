package io.quiver.sbc.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

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
}
