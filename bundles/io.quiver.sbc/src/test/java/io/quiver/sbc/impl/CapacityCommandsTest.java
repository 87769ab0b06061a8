package io.quiver.sbc.impl;

import static io.quiver.scsi.ScsiOpcode.*;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.quiver.sbc.SbcOptions;
import io.quiver.scsi.AdditionalSense;
import io.quiver.scsi.SenseKey;
import org.junit.jupiter.api.Test;

class CapacityCommandsTest extends SbcTestSupport {

    @Test
    void readCapacity10() {
        SbcEngine e = engine(store(false), SbcOptions.defaults());
        ByteBuf r = Unpooled.wrappedBuffer(run(e, cdb10(READ_CAPACITY_10, 0, 0, 0)).dataIn());
        assertEquals(BLOCKS - 1, r.getInt(0));
        assertEquals(BS, r.getInt(4));
        assertInvalidField(run(e, cdb10(READ_CAPACITY_10, 0, 5, 0)), 2);
    }

    @Test
    void readCapacity16ReportsProvisioningAndTruncates() {
        SbcEngine thin = engine("thin", store(true), SbcOptions.defaults());
        ByteBuf r = Unpooled.wrappedBuffer(run(thin, cdb16(SERVICE_ACTION_IN_16, SAI_READ_CAPACITY_16, 0, 32))
                .dataIn());
        assertEquals(32, r.readableBytes());
        assertEquals(BLOCKS - 1, r.getLong(0));
        assertEquals(BS, r.getInt(8));
        assertEquals(0, r.getByte(12));
        assertEquals(0xC0, r.getUnsignedByte(14)); // LBPME, LBPRZ
        SbcEngine thick = engine("thick", store(false), SbcOptions.defaults());
        ByteBuf t = Unpooled.wrappedBuffer(run(thick, cdb16(SERVICE_ACTION_IN_16, SAI_READ_CAPACITY_16, 0, 16))
                .dataIn());
        assertEquals(16, t.readableBytes());
        assertEquals(0, t.getByte(14));
        assertInvalidField(run(thick, cdb16(SERVICE_ACTION_IN_16, 0x05, 0, 32)), 1);
    }

    @Test
    void synchronizeCacheFlushesUnlessTheCacheIsNonVolatile() {
        RecordingStore store = store(false);
        SbcEngine e = engine(store, SbcOptions.defaults());
        assertGood(run(e, cdb10(SYNCHRONIZE_CACHE_10, 0, 0, 0)));
        assertGood(run(e, cdb16(SYNCHRONIZE_CACHE_16, 0x02, 10, 10)));
        assertEquals(2, store.flushes.get());
        assertSense(run(e, cdb10(SYNCHRONIZE_CACHE_10, 0, BLOCKS, 1)), SenseKey.ILLEGAL_REQUEST,
                AdditionalSense.LOGICAL_BLOCK_ADDRESS_OUT_OF_RANGE);

        RecordingStore nv = store(false);
        SbcEngine n = engine("nv", nv, new SbcOptions(false, true, true, 1, 8, null));
        assertGood(run(n, cdb10(SYNCHRONIZE_CACHE_10, 0, 0, 0)));
        assertEquals(0, nv.flushes.get());
    }

    @Test
    void preFetchChecksTheRange() {
        SbcEngine e = engine(store(false), SbcOptions.defaults());
        assertGood(run(e, cdb10(PRE_FETCH_10, 0, 0, 10)));
        assertGood(run(e, cdb16(PRE_FETCH_16, 0, BLOCKS - 1, 1)));
        assertSense(run(e, cdb16(PRE_FETCH_16, 0, BLOCKS, 1)), SenseKey.ILLEGAL_REQUEST,
                AdditionalSense.LOGICAL_BLOCK_ADDRESS_OUT_OF_RANGE);
    }

    @Test
    void stopFlushesStartDoesNot() {
        RecordingStore store = store(false);
        SbcEngine e = engine(store, SbcOptions.defaults());
        assertGood(run(e, cdb(START_STOP_UNIT, 0, 0, 0, 0x01, 0)));
        assertEquals(0, store.flushes.get());
        assertGood(run(e, cdb(START_STOP_UNIT, 0, 0, 0, 0x00, 0)));
        assertEquals(1, store.flushes.get());
        assertGood(run(e, cdb(START_STOP_UNIT, 0, 0, 0, 0x04, 0)));
        assertEquals(1, store.flushes.get());
        assertGood(run(e, cdb(START_STOP_UNIT, 0, 0, 0, 0x50, 0)));
        assertGood(run(e, cdb(TEST_UNIT_READY, 0, 0, 0, 0, 0)));
    }

    @Test
    void aFixedDiskCannotBeEjected() {
        SbcEngine e = engine(store(false), SbcOptions.defaults());
        assertInvalidField(run(e, cdb(START_STOP_UNIT, 1, 0, 0, 0x02, 0)), 4);
        assertGood(run(e, cdb(START_STOP_UNIT, 1, 0, 0, 0x12, 0))); // a power condition: ignored
        assertGood(run(e, cdb(TEST_UNIT_READY, 0, 0, 0, 0, 0)));
    }

    @Test
    void loadingIsRefusedWhileRemovalIsPrevented() {
        SbcEngine e = new SbcEngine(io.quiver.spi.device.DeviceDescriptor.builder("rmb", "test",
                io.quiver.scsi.PeripheralDeviceType.DIRECT_ACCESS_BLOCK).removable(true).build(), store(false),
                SbcOptions.defaults(), o -> null);
        try {
            assertGood(run(e, cdb(START_STOP_UNIT, 0, 0, 0, 0x02, 0)));
            assertGood(run(e, cdb(PREVENT_ALLOW_MEDIUM_REMOVAL, 0, 0, 0, 1, 0)));
            assertSense(run(e, cdb(START_STOP_UNIT, 0, 0, 0, 0x03, 0)), SenseKey.ILLEGAL_REQUEST,
                    AdditionalSense.MEDIUM_REMOVAL_PREVENTED);
            assertSense(run(e, cdb(TEST_UNIT_READY, 0, 0, 0, 0, 0)), SenseKey.NOT_READY,
                    AdditionalSense.MEDIUM_NOT_PRESENT);
            assertGood(run(e, cdb(PREVENT_ALLOW_MEDIUM_REMOVAL, 0, 0, 0, 0, 0)));
            assertGood(run(e, cdb(START_STOP_UNIT, 0, 0, 0, 0x03, 0)));
            assertGood(run(e, cdb(TEST_UNIT_READY, 0, 0, 0, 0, 0)));
        } finally {
            e.close();
        }
    }

    @Test
    void aRemovableDiskEjectsAndLoadsUnlessRemovalIsPrevented() {
        RecordingStore store = store(false);
        SbcEngine e = new SbcEngine(io.quiver.spi.device.DeviceDescriptor.builder("rmb", "test",
                io.quiver.scsi.PeripheralDeviceType.DIRECT_ACCESS_BLOCK).removable(true).build(), store,
                SbcOptions.defaults(), o -> null);
        try {
            assertGood(run(e, cdb(PREVENT_ALLOW_MEDIUM_REMOVAL, 0, 0, 0, 1, 0)));
            assertSense(run(e, cdb(START_STOP_UNIT, 1, 0, 0, 0x02, 0)), SenseKey.ILLEGAL_REQUEST,
                    AdditionalSense.MEDIUM_REMOVAL_PREVENTED);
            assertGood(run(e, cdb(PREVENT_ALLOW_MEDIUM_REMOVAL, 0, 0, 0, 0, 0)));
            assertGood(run(e, cdb(START_STOP_UNIT, 1, 0, 0, 0x02, 0)));
            assertEquals(1, store.flushes.get());
            assertSense(run(e, cdb(TEST_UNIT_READY, 0, 0, 0, 0, 0)), SenseKey.NOT_READY,
                    AdditionalSense.MEDIUM_NOT_PRESENT);
            assertSense(run(e, cdb10(READ_10, 0, 0, 1)), SenseKey.NOT_READY, AdditionalSense.MEDIUM_NOT_PRESENT);
            assertGood(run(e, cdb(MODE_SENSE_6, 0, 0x3F, 0, 255, 0)));
            assertGood(run(e, cdb(START_STOP_UNIT, 1, 0, 0, 0x03, 0)));
            assertGood(run(e, cdb(TEST_UNIT_READY, 0, 0, 0, 0, 0)));
            assertInvalidField(run(e, cdb(PREVENT_ALLOW_MEDIUM_REMOVAL, 0, 0, 0, 2, 0)), 4);
        } finally {
            e.close();
        }
    }
}
