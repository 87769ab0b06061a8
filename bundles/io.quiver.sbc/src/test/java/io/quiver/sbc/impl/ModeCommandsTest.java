package io.quiver.sbc.impl;

import static io.quiver.scsi.ScsiOpcode.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.quiver.sbc.SbcOptions;
import io.quiver.scsi.AdditionalSense;
import io.quiver.scsi.SenseKey;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModeCommandsTest extends SbcTestSupport {

    @TempDir
    Path state;

    private static byte[] sense6(int dbd, int pcPage, int allocation) {
        return cdb(MODE_SENSE_6, dbd, pcPage, 0, allocation, 0);
    }

    private static byte[] sense10(int flags, int pcPage, int allocation) {
        return cdb(MODE_SENSE_10, flags, pcPage, 0, 0, 0, 0, allocation >>> 8, allocation, 0);
    }

    private static byte[] select6(int flags, int length) {
        return cdb(MODE_SELECT_6, flags, 0, 0, length, 0);
    }

    /** A MODE SELECT (6) parameter list: header without block descriptor, then the page. */
    private static byte[] list6(byte[] page) {
        byte[] l = new byte[4 + page.length];
        System.arraycopy(page, 0, l, 4, page.length);
        return l;
    }

    private byte[] page(SbcEngine e, int code) {
        ByteBuf r = Unpooled.wrappedBuffer(run(e, sense6(0x08, code, 255)).dataIn());
        byte[] p = new byte[r.readableBytes() - 4];
        r.getBytes(4, p);
        p[0] &= 0x7F; // PS is reserved in MODE SELECT
        return p;
    }

    @Test
    void modeSenseAllPagesWithBlockDescriptor() {
        SbcEngine e = engine(store(false), SbcOptions.defaults());
        ByteBuf r = Unpooled.wrappedBuffer(run(e, sense6(0, 0x3F, 255)).dataIn());
        assertEquals(4 + 8 + 12 + 20 + 12 + 12, r.readableBytes());
        assertEquals(r.readableBytes() - 1, r.getUnsignedByte(0));
        assertEquals(0x10, r.getUnsignedByte(2)); // DPOFUA, not WP
        assertEquals(8, r.getUnsignedByte(3));
        assertEquals(BLOCKS, r.getInt(4));
        assertEquals(BS, r.getMedium(9));
        assertEquals(0x01, r.getUnsignedByte(12));
        assertEquals(0x08, r.getUnsignedByte(24));
        assertEquals(0x04, r.getUnsignedByte(26) & 0x04); // WCE: write-back by default
        assertEquals(0x0A, r.getUnsignedByte(44));
        assertEquals(0x1C, r.getUnsignedByte(56));
        assertEquals(10, run(e, sense6(0, 0x3F, 10)).dataIn().length);
    }

    @Test
    void modeSense10LongLbaDescriptorAndWriteProtect() {
        SbcEngine e = engine(store(false), SbcOptions.defaults());
        TestTask t = run(e, new TestTask(sense10(0x10, 0x08, 512), null, true));
        ByteBuf r = Unpooled.wrappedBuffer(t.dataIn());
        assertEquals(8 + 16 + 20, r.readableBytes());
        assertEquals(r.readableBytes() - 2, r.getUnsignedShort(0));
        assertEquals(0x90, r.getUnsignedByte(3)); // WP, DPOFUA
        assertEquals(1, r.getUnsignedByte(4)); // LONGLBA
        assertEquals(16, r.getUnsignedShort(6));
        assertEquals(BLOCKS, r.getLong(8));
        assertEquals(BS, r.getInt(20));
        ByteBuf d = Unpooled.wrappedBuffer(run(e, sense10(0x08, 0x0A, 512)).dataIn());
        assertEquals(0, d.getUnsignedShort(6));
        assertEquals(8 + 12, d.readableBytes());
    }

    @Test
    void changeableAndDefaultValues() {
        SbcEngine e = engine(store(false), SbcOptions.defaults());
        ByteBuf c = Unpooled.wrappedBuffer(run(e, sense6(0x08, 0x40 | 0x0A, 255)).dataIn());
        assertEquals(0x04, c.getUnsignedByte(6));
        assertEquals(0xF0, c.getUnsignedByte(7));
        assertEquals(0x08, c.getUnsignedByte(8)); // SWP
        assertEquals(0x40, c.getUnsignedByte(9));
        ByteBuf w = Unpooled.wrappedBuffer(run(e, sense6(0x08, 0x40 | 0x08, 255)).dataIn());
        assertEquals(0x04, w.getUnsignedByte(6));
        SbcEngine through = engine("through", store(false), new SbcOptions(true, false, true, 1, 8, null));
        ByteBuf t = Unpooled.wrappedBuffer(run(through, sense6(0x08, 0x40 | 0x08, 255)).dataIn());
        assertEquals(0, t.getUnsignedByte(6), "WCE not changeable under write_through");
        ByteBuf d = Unpooled.wrappedBuffer(run(through, sense6(0x08, 0x80 | 0x08, 255)).dataIn());
        assertEquals(0, d.getUnsignedByte(6) & 0x04);
    }

    @Test
    void badModeSenseFields() {
        SbcEngine e = engine(store(false), SbcOptions.defaults());
        assertInvalidField(run(e, sense6(0, 0x05, 255)), 2);
        assertInvalidField(run(e, cdb(MODE_SENSE_6, 0, 0x08, 0x01, 255, 0)), 3);
        assertSense(run(e, sense6(0, 0xC0 | 0x08, 255)), SenseKey.ILLEGAL_REQUEST,
                AdditionalSense.SAVING_PARAMETERS_NOT_SUPPORTED);
    }

    @Test
    void modeSelectTurnsOffTheWriteCacheAndWritesBecomeDurable() {
        RecordingStore store = store(false);
        SbcEngine e = engine(store, SbcOptions.defaults());
        RecordingContext ctx = new RecordingContext();
        e.attach(ctx);
        byte[] caching = page(e, 0x08);
        caching[2] &= ~0x04;
        byte[] list = list6(caching);
        assertGood(run(e, select6(0x10, list.length), list));
        assertEquals(0, page(e, 0x08)[2] & 0x04);
        assertEquals(List.of("control false false 0", "mode"), ctx.events());
        assertGood(run(e, cdb10(WRITE_10, 0, 0, 1), new byte[BS]));
        assertEquals(1, store.forcedWrites.get());
    }

    @Test
    void modeSelectOfTheControlPageIsReportedToTheCore() {
        SbcEngine e = engine(store(false), SbcOptions.defaults());
        RecordingContext ctx = new RecordingContext();
        e.attach(ctx);
        byte[] control = page(e, 0x0A);
        control[2] |= 0x04;
        control[3] = 0x10;
        control[5] |= 0x40;
        byte[] list = list6(control);
        assertGood(run(e, select6(0x10, list.length), list));
        assertEquals(List.of("control false false 0", "mode", "control true true 1"), ctx.events());
    }

    @Test
    void softwareWriteProtectRefusesWritesOnEveryNexus() {
        RecordingStore store = store(false);
        SbcEngine e = engine(store, SbcOptions.defaults());
        byte[] control = page(e, 0x0A);
        control[4] |= 0x08;
        assertGood(run(e, select6(0x10, control.length + 4), list6(control)));
        assertSense(run(e, cdb10(WRITE_10, 0, 0, 1), new byte[BS]), SenseKey.DATA_PROTECT,
                AdditionalSense.WRITE_PROTECTED);
        assertEquals(0x80, Unpooled.wrappedBuffer(run(e, sense6(0x08, 0x0A, 255)).dataIn()).getUnsignedByte(2) & 0x80);
        control[4] &= ~0x08;
        assertGood(run(e, select6(0x10, control.length + 4), list6(control)));
        assertGood(run(e, cdb10(WRITE_10, 0, 0, 1), new byte[BS]));
        assertEquals(1, store.cachedWrites.get());
    }

    @Test
    void modeSelectRejectsUnchangeableBitsAndBadLists() {
        SbcEngine e = engine(store(false), SbcOptions.defaults());
        byte[] recovery = page(e, 0x01);
        recovery[2] ^= 0x01;
        byte[] list = list6(recovery);
        TestTask t = run(e, select6(0x10, list.length), list);
        assertSense(t, SenseKey.ILLEGAL_REQUEST, AdditionalSense.INVALID_FIELD_IN_PARAMETER_LIST);
        assertEquals(6, t.await().sense().senseKeySpecific() & 0xFFFF);

        byte[] control = page(e, 0x0A);
        control[3] = 0x20; // QAM 2
        byte[] bad = list6(control);
        assertSense(run(e, select6(0x10, bad.length), bad), SenseKey.ILLEGAL_REQUEST,
                AdditionalSense.INVALID_FIELD_IN_PARAMETER_LIST);
        assertInvalidField(run(e, select6(0x00, list.length), list), 1); // PF 0
        assertInvalidField(run(e, select6(0x11, list.length), list), 1); // SP without saving
        assertSense(run(e, select6(0x10, 2), new byte[2]), SenseKey.ILLEGAL_REQUEST,
                AdditionalSense.PARAMETER_LIST_LENGTH_ERROR);
        assertGood(run(e, select6(0x10, 0)));
    }

    @Test
    void savedPagesSurviveTheDevice() {
        SbcOptions options = new SbcOptions(false, false, true, 1, 8, state);
        SbcEngine first = engine("saved", store(false), options);
        byte[] caching = page(first, 0x08);
        caching[2] &= ~0x04;
        byte[] list = list6(caching);
        assertGood(run(first, select6(0x11, list.length), list));
        ByteBuf saved = Unpooled.wrappedBuffer(run(first, sense6(0x08, 0xC0 | 0x08, 255)).dataIn());
        assertEquals(0, saved.getUnsignedByte(6) & 0x04);
        assertEquals(0x80, saved.getUnsignedByte(4) & 0x80, "PS: the page is savable");
        assertTrue(state.resolve("saved.modepages.properties").toFile().isFile());

        SbcEngine second = engine("saved", store(false), options);
        assertEquals(0, page(second, 0x08)[2] & 0x04);
        assertEquals(false, second.modePages().writeCacheEnabled());

        // A change without SP is current only.
        caching[2] |= 0x04;
        assertGood(run(second, select6(0x10, list.length), list6(caching)));
        SbcEngine third = engine("saved", store(false), options);
        assertEquals(false, third.modePages().writeCacheEnabled());
    }
}
