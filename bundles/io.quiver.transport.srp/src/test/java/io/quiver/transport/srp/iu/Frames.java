package io.quiver.transport.srp.iu;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.util.HexFormat;

/** Test helpers: frames written as hex, the way the structs of Linux's include/scsi/srp.h lay them out. */
final class Frames {

    static final String TAG = "0102030405060708";
    static final String INITIATOR = "0000000000000000" + "0002c903000f1234";
    static final String TARGET = "0002c90300a0b0c0" + "0002c90300a0b0c0";
    static final SrpPortId INITIATOR_ID = new SrpPortId(0, 0x0002c903000f1234L);
    static final SrpPortId TARGET_ID = SrpPortId.target(0x0002c90300a0b0c0L, 0x0002c90300a0b0c0L);

    private Frames() {
    }

    static ByteBuf hex(String spaced) {
        return Unpooled.wrappedBuffer(HexFormat.of().parseHex(spaced.replace(" ", "")));
    }

    static String encode(SrpIu iu) {
        ByteBuf out = Unpooled.buffer();
        iu.encode(out);
        return ByteBufUtil.hexDump(out);
    }

    static String zeros(int n) {
        return "00".repeat(n);
    }

    static String plain(String spaced) {
        return spaced.replace(" ", "");
    }
}
