package io.quiver.transport.iscsi.impl.iser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

/** Golden Hello / HelloReply frames (RFC 7145, 9.3 and 9.4) and the iSER CM private data Linux sends. */
class IserHelloTest {

    /** RDMA CM over IB CM or RoCE: private data of a connect request, zero-padded (io.quiver.rdma's limit). */
    private static final int CM_PRIVATE_DATA = 56;

    @Test
    void helloGolden() throws Exception {
        IserHello hello = new IserHello(false, false, 1, 1, 16);
        assertEquals("20110010" + "00".repeat(8), encode(hello));
        assertEquals(hello, IserHello.decode(buffer("20110010" + "00".repeat(8))));
    }

    @Test
    void helloReplyGolden() throws Exception {
        assertEquals("30110008" + "00".repeat(8), encode(new IserHello(true, false, 1, 1, 8)));
        IserHello reject = IserHello.decode(buffer("31110000" + "00".repeat(8)));
        assertTrue(reject.reply());
        assertTrue(reject.reject());
        // The R bit means nothing in a Hello.
        assertFalse(IserHello.decode(buffer("21110000" + "00".repeat(8))).reject());
    }

    @Test
    void malformedHello() {
        assertThrows(IserProtocolException.class, () -> IserHello.decode(buffer("201100")));
        assertThrows(IserProtocolException.class, () -> IserHello.decode(buffer("10110010" + "00".repeat(8))));
        assertThrows(IllegalArgumentException.class, () -> new IserHello(false, true, 1, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> new IserHello(false, false, 16, 1, 1));
    }

    @Test
    void controlHeaderFlagsOnlyOnControlPdus() throws Exception {
        IserHeader h = IserHeader.decode(buffer("2c000000" + "00".repeat(24)));
        assertEquals(IserHeader.HELLO, h.opcode());
        assertFalse(h.writeValid());
        assertFalse(h.readValid());
    }

    /** Linux's ib_iser: ZBVA not supported always, Send with Invalidate not supported on rxe; padded to 56. */
    @Test
    void cmPrivateDataAsLinuxSendsIt() {
        ByteBuf padded = Unpooled.buffer(CM_PRIVATE_DATA).writeByte(0xc0)
                .writeZero(CM_PRIVATE_DATA - 1);
        assertEquals(new IserCmPrivateData(true, true), IserCmPrivateData.decode(padded));
        assertEquals(new IserCmPrivateData(true, false), IserCmPrivateData.decode(buffer("80000000")));
        assertEquals(new IserCmPrivateData(true, true), IserCmPrivateData.decode(Unpooled.EMPTY_BUFFER));
        ByteBuf out = Unpooled.buffer();
        new IserCmPrivateData(true, false).encode(out);
        assertEquals("80000000", ByteBufUtil.hexDump(out));
    }

    private static String encode(IserHello hello) {
        ByteBuf out = Unpooled.buffer();
        hello.encode(out);
        return ByteBufUtil.hexDump(out);
    }

    private static ByteBuf buffer(String hex) {
        return Unpooled.wrappedBuffer(ByteBufUtil.decodeHexDump(hex));
    }
}
