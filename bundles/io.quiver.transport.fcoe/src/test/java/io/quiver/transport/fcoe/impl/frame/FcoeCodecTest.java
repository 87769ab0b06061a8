package io.quiver.transport.fcoe.impl.frame;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

class FcoeCodecTest {

    private static final FcHeader PLOGI = new FcHeader(0x22, 0x000e02, 0, 0x000e01, 0x01, 0x290000, 0, 0, 0, 0x1234,
            0xFFFF, 0);

    /** An FCoE frame with a 5-byte payload: fill to 8, CRC little-endian, EOFt. Bytes pinned. */
    @Test
    void goldenFrame() throws Exception {
        ByteBuf out = Unpooled.buffer();
        FcoeCodec.encode(out, MacAddress.vnPort(0x0e02), MacAddress.vnPort(0x0e01), Delimiter.SOF_I3, Delimiter.EOF_T,
                PLOGI.frame(0, PLOGI.fCtl() | FrameControl.END_SEQUENCE, 0), Unpooled.wrappedBuffer(new byte[] {1, 2, 3, 4, 5}), 0, 5);
        assertEquals("0efd00000e02" + "0efd00000e01" + "8906" + "00".repeat(13) + "2e"
                + "22000e0200000e01" + "01" + "290003" + "00000000" + "1234ffff00000000"
                + "0102030405000000", ByteBufUtil.hexDump(out, 0, out.readableBytes() - 8));
        assertEquals(out.readableBytes(), 14 + 14 + 24 + 8 + 8);
        assertEquals(0x42, out.getUnsignedByte(out.readableBytes() - 4));
        FcoeFrame f = FcoeCodec.decode(out);
        assertEquals(5, f.payload().readableBytes(), "fill bytes removed");
        assertEquals(0x1234, f.header().oxId());
        assertEquals(MacAddress.vnPort(0x0e01), f.source());
    }

    @Test
    void badFramesAreRejected() {
        ByteBuf out = Unpooled.buffer();
        FcoeCodec.encodeSingle(out, 1, 2, PLOGI, Unpooled.wrappedBuffer(new byte[116]));
        ByteBuf crc = out.copy();
        crc.setByte(40, crc.getByte(40) ^ 1);
        assertThrows(MalformedFrameException.class, () -> FcoeCodec.decode(crc));
        ByteBuf sof = out.copy();
        sof.setByte(27, 0x99);
        assertThrows(MalformedFrameException.class, () -> FcoeCodec.decode(sof));
        assertThrows(MalformedFrameException.class, () -> FcoeCodec.decode(out.copy(0, 50)));
        ByteBuf version = out.copy();
        version.setByte(14, 0x10);
        assertThrows(MalformedFrameException.class, () -> FcoeCodec.decode(version));
    }

    @Test
    void worldWideNames() {
        assertEquals("20:00:52:54:00:fc:0e:01", WorldWideName.format(0x20005254_00fc0e01L));
        assertEquals(0x20005254_00fc0e01L, WorldWideName.parse("20:00:52:54:00:FC:0E:01"));
        assertThrows(IllegalArgumentException.class, () -> WorldWideName.parse("20:00"));
    }
}
