package io.quiver.handler.passthrough.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.quiver.initiator.iscsi.ScsiResult;
import org.junit.jupiter.api.Test;

/** scst_tape's residual fix: short READ(6)s at a filemark, end of medium or a shorter block. */
class TapeResidualsTest {

    private static ByteBuf read6(int flags, int transfer) {
        return Unpooled.wrappedBuffer(new byte[] {0x08, (byte) flags, (byte) (transfer >> 16), (byte) (transfer >> 8),
                (byte) transfer, 0});
    }

    /** Fixed-format sense, VALID, with the stream bits {@code bits} and INFORMATION {@code info}. */
    private static ByteBuf fixedSense(int bits, int info) {
        ByteBuf s = Unpooled.buffer(18).writeZero(18);
        s.setByte(0, 0xF0);
        s.setByte(2, bits | 0x00); // NO SENSE
        s.setInt(3, info);
        s.setByte(7, 10);
        return s;
    }

    private static ScsiResult checkCondition(ByteBuf sense, int dataIn, long expected) {
        ByteBuf in = Unpooled.buffer(dataIn).writeZero(dataIn);
        return new ScsiResult(0x02, sense, in, (int) expected - dataIn, dataIn < expected, false);
    }

    @Test
    void aVariableBlockShorterThanAskedForMovesOnlyItsBytes() {
        ScsiResult r = checkCondition(fixedSense(0x20, 65536 - 1000), 65536, 65536);
        ScsiResult f = TapeResiduals.fixed(read6(0, 65536), r, 65536);
        assertEquals(1000, f.dataIn().readableBytes());
        assertEquals(64536, f.residual());
        assertTrue(f.underflow());
    }

    @Test
    void aFixedModeReadStoppedByAFilemarkMovesTheBlocksBeforeIt() {
        ScsiResult r = checkCondition(fixedSense(0x80, 5), 4096, 4096);
        ScsiResult f = TapeResiduals.fixed(read6(1, 8), r, 4096);
        assertEquals(3 * 512, f.dataIn().readableBytes());
        assertEquals(4096 - 1536, f.residual());
    }

    @Test
    void aFilemarkRightAwayMovesNothing() {
        ScsiResult f = TapeResiduals.fixed(read6(1, 8), checkCondition(fixedSense(0x80, 8), 4096, 4096), 4096);
        assertEquals(0, f.dataIn().readableBytes());
        assertEquals(4096, f.residual());
    }

    @Test
    void suppressedIncorrectLengthALongerBlockAndOtherCommandsAreLeftAsReported() {
        ScsiResult sili = checkCondition(fixedSense(0x20, 100), 65536, 65536);
        assertSame(sili, TapeResiduals.fixed(read6(SILI_FLAG, 65536), sili, 65536));
        ScsiResult longer = checkCondition(fixedSense(0x20, -512), 1024, 1024);
        assertSame(longer, TapeResiduals.fixed(read6(0, 1024), longer, 1024));
        ScsiResult write = checkCondition(fixedSense(0x40, 2), 0, 4096);
        ByteBuf write6 = Unpooled.wrappedBuffer(new byte[] {0x0A, 1, 0, 0, 8, 0});
        assertSame(write, TapeResiduals.fixed(write6, write, 4096));
        ByteBuf notValid = fixedSense(0x80, 5);
        notValid.setByte(0, 0x70);
        ScsiResult invalid = checkCondition(notValid, 4096, 4096);
        assertSame(invalid, TapeResiduals.fixed(read6(1, 8), invalid, 4096));
    }

    @Test
    void descriptorFormatSenseCarriesTheBitsAndTheInformationInDescriptors() {
        ByteBuf s = Unpooled.buffer(32);
        s.writeBytes(new byte[] {0x72, 0x00, 0x00, 0x01, 0, 0, 0, 16});
        s.writeBytes(new byte[] {0x00, 0x0A, (byte) 0x80, 0}).writeLong(6); // information, VALID, 6 blocks short
        s.writeBytes(new byte[] {0x04, 0x02, 0, (byte) 0x80}); // stream commands: FILEMARK
        assertEquals(6, TapeResiduals.residue(s));
        ScsiResult f = TapeResiduals.fixed(read6(1, 8), checkCondition(s, 4096, 4096), 4096);
        assertEquals(2 * 512, f.dataIn().readableBytes());
        ByteBuf noStream = Unpooled.buffer(20).writeBytes(new byte[] {0x72, 0x00, 0x00, 0x01, 0, 0, 0, 12});
        noStream.writeBytes(new byte[] {0x00, 0x0A, (byte) 0x80, 0}).writeLong(6);
        assertEquals(-1, TapeResiduals.residue(noStream));
        assertFalse(TapeResiduals.residue(Unpooled.buffer(4).writeZero(4)) >= 0);
    }

    private static final int SILI_FLAG = 0x02;
}
