package io.quiver.core.impl.log;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.quiver.core.impl.lu.LogicalUnitService;
import io.quiver.core.impl.pr.FakeContext;
import io.quiver.core.impl.pr.FakeNexus;
import io.quiver.core.impl.pr.FakeTask;
import io.quiver.scsi.AdditionalSense;
import io.quiver.scsi.DataDirection;
import io.quiver.scsi.SenseKey;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** LOG SENSE page bytes, PC / parameter pointer / allocation length handling, and LOG SELECT. */
class LogServiceTest {

    @TempDir
    Path dir;

    private final FakeNexus nexus = FakeNexus.of("iqn.2026-01.test:a");
    private LogicalUnitService service;

    @BeforeEach
    void setUp() {
        service = new LogServiceFactory().create(new FakeContext("disk1", dir, nexus));
    }

    private FakeTask run(FakeTask task) {
        if (service.check(task) == null) {
            if (service.handles(task)) {
                service.execute(task);
            } else {
                task.complete();
            }
        }
        return task;
    }

    private FakeTask logSense(int flags, int pcPage, int subpage, int pointer, int allocation) {
        return run(FakeTask.of(nexus, DataDirection.IN, 0x4D, flags, pcPage, subpage, 0, pointer >> 8, pointer,
                allocation >> 8, allocation, 0));
    }

    private byte[] page(int pcPage, int subpage, int pointer) {
        try (FakeTask t = logSense(0, pcPage, subpage, pointer, 0xFFFF)) {
            return t.assertGood().data();
        }
    }

    private void invalid(int flags, int pcPage, int subpage, int pointer, int fieldByte) {
        try (FakeTask t = logSense(flags, pcPage, subpage, pointer, 0xFFFF)) {
            t.assertSense(SenseKey.ILLEGAL_REQUEST, AdditionalSense.INVALID_FIELD_IN_CDB);
            assertEquals(0xC00000 | fieldByte, t.sense().senseKeySpecific() & 0xC0FFFF, "field pointer");
        }
    }

    private void readBlocks(int count) {
        for (int i = 0; i < count; i++) {
            try (FakeTask t = run(new FakeTask(nexus, FakeTask.bytes(0x28, 0, 0, 0, 0, 0, 0, 0, 8, 0),
                    DataDirection.IN, 4096, null))) {
                t.assertGood();
            }
        }
    }

    @Test
    void supportedPages() {
        assertArrayEquals(FakeTask.bytes(0x00, 0x00, 0, 7, 0x00, 0x02, 0x03, 0x05, 0x06, 0x2F, 0x30),
                page(0x40, 0, 0));
        assertArrayEquals(FakeTask.bytes(0x40, 0xFF, 0, 16, 0x00, 0x00, 0x00, 0xFF, 0x02, 0x00, 0x03, 0x00,
                0x05, 0x00, 0x06, 0x00, 0x2F, 0x00, 0x30, 0x00), page(0x40, 0xFF, 0));
    }

    @Test
    void readErrorCounterPageCountsBytes() {
        readBlocks(3);
        ByteBuf p = Unpooled.wrappedBuffer(page(0x43, 0, 0));
        assertEquals(0x83, p.getUnsignedByte(0), "DS and page code");
        assertEquals(7 * 12, p.getUnsignedShort(2));
        for (int i = 0; i < 7; i++) {
            assertEquals(i, p.getUnsignedShort(4 + 12 * i), "parameter code");
            assertEquals(8, p.getUnsignedByte(4 + 12 * i + 3), "parameter length");
        }
        assertEquals(3 * 4096, p.getLong(4 + 12 * 5 + 4), "total bytes processed");
        assertEquals(0, p.getLong(4 + 12 * 6 + 4), "total uncorrected errors");
        ByteBuf defaults = Unpooled.wrappedBuffer(page(0xC3, 0, 0));
        assertEquals(0, defaults.getLong(4 + 12 * 5 + 4), "PC 11b: default cumulative values");
    }

    @Test
    void statisticsPageAndParameterPointer() {
        readBlocks(2);
        ByteBuf p = Unpooled.wrappedBuffer(page(0x70, 0, 0));
        assertEquals(0xB0, p.getUnsignedByte(0));
        assertEquals(5 * 12, p.getUnsignedShort(2));
        assertEquals(2, p.getLong(4 + 4), "read commands");
        assertEquals(0, p.getLong(4 + 12 + 4), "write commands");
        assertTrue(p.getLong(4 + 24 + 4) >= 0);
        ByteBuf from4 = Unpooled.wrappedBuffer(page(0x70, 0, 4));
        assertEquals(2 * 12, from4.getUnsignedShort(2), "parameters 0004h and 0005h");
        assertEquals(4, from4.getUnsignedShort(4));
        assertEquals(2 * 4096, from4.getLong(8));
        invalid(0, 0x70, 0, 6, 5);
    }

    @Test
    void otherPages() {
        assertArrayEquals(FakeTask.bytes(0x86, 0, 0, 12, 0, 0, 0, 8, 0, 0, 0, 0, 0, 0, 0, 0), page(0x46, 0, 0));
        assertArrayEquals(FakeTask.bytes(0xAF, 0, 0, 7, 0, 0, 0x03, 3, 0, 0, 0xFF), page(0x6F, 0, 0));
        assertEquals(0x85, page(0x45, 0, 0)[0] & 0xFF);
        assertEquals(0x82, page(0x42, 0, 0)[0] & 0xFF);
    }

    @Test
    void invalidRequests() {
        invalid(0x02, 0x40, 0, 0, 1);
        invalid(0x01, 0x40, 0, 0, 1);
        invalid(0, 0x4D, 0, 0, 2);
        invalid(0, 0x43, 1, 0, 3);
        invalid(0, 0x40, 1, 0, 3);
        invalid(0, 0x40, 0, 1, 5);
    }

    @Test
    void allocationLengthTruncates() {
        try (FakeTask t = logSense(0, 0x40, 0, 0, 5)) {
            assertArrayEquals(FakeTask.bytes(0, 0, 0, 7, 0), t.assertGood().data());
        }
    }

    @Test
    void logSelectResetsCounters() {
        readBlocks(2);
        try (FakeTask t = run(FakeTask.of(nexus, DataDirection.NONE, 0x4C, 0x02, 0x40, 0, 0, 0, 0, 0, 0, 0))) {
            t.assertGood();
        }
        assertEquals(0, Unpooled.wrappedBuffer(page(0x70, 0, 0)).getLong(8), "PCR reset");
        readBlocks(1);
        try (FakeTask t = run(FakeTask.of(nexus, DataDirection.NONE, 0x4C, 0x00, 0xC0, 0, 0, 0, 0, 0, 0, 0))) {
            t.assertGood();
        }
        assertEquals(0, Unpooled.wrappedBuffer(page(0x70, 0, 0)).getLong(8), "PC 11b reset");
        try (FakeTask t = run(FakeTask.of(nexus, DataDirection.OUT, 0x4C, 0x02, 0x40, 0, 0, 0, 0, 0, 8, 0))) {
            t.assertSense(SenseKey.ILLEGAL_REQUEST, AdditionalSense.INVALID_FIELD_IN_CDB);
        }
        try (FakeTask t = run(FakeTask.of(nexus, DataDirection.NONE, 0x4C, 0x01, 0x40, 0, 0, 0, 0, 0, 0, 0))) {
            t.assertSense(SenseKey.ILLEGAL_REQUEST, AdditionalSense.INVALID_FIELD_IN_CDB);
        }
    }

    @Test
    void aCounterSourceReplacesObservation() {
        LogServiceFactory factory = new LogServiceFactory();
        LogService s = new LogService(new LogicalUnitCounters() {
            @Override public long readCommands() { return 11; }
            @Override public long writeCommands() { return 0; }
            @Override public long otherCommands() { return 0; }
            @Override public long bytesRead() { return 0; }
            @Override public long bytesWritten() { return 0; }
            @Override public long readErrors() { return 5; }
            @Override public long writeErrors() { return 0; }
            @Override public long verifyErrors() { return 0; }
            @Override public long nonMediumErrors() { return 0; }
            @Override public void reset() { }
        });
        try (FakeTask t = FakeTask.of(nexus, DataDirection.IN, 0x4D, 0, 0x43, 0, 0, 0, 6, 0xFF, 0xFF, 0)) {
            assertNull(s.check(t));
            s.execute(t);
            ByteBuf p = Unpooled.wrappedBuffer(t.assertGood().data());
            assertEquals(6, p.getUnsignedShort(4));
            assertEquals(5, p.getLong(8), "uncorrected read errors from the source");
        }
        assertEquals(2, factory.supportedCommands().size());
    }
}
