package io.quiver.transport.iscsi.impl.iser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.PooledByteBufAllocator;
import io.quiver.iscsi.pdu.IscsiPdu;
import io.quiver.iscsi.pdu.Opcode;
import io.quiver.iscsi.pdu.RejectPdu;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Golden iSER messages (the layout Linux's ib_iser sends: {@code struct iser_ctrl} then the iSCSI PDU without
 * padding) and malformed ones; every case checks that the received buffer is released exactly once.
 */
class IserFrameTest {

    private static final PooledByteBufAllocator ALLOC = PooledByteBufAllocator.DEFAULT;

    /** A READ(10) of 8 blocks with the initiator's Data-In buffer advertised (R flag). */
    private static final String READ_COMMAND = "14000000" + "00000000" + "0000000000000000" + "12345678"
            + "00007f0011223344"
            // BHS: SCSI Command, F+R, attr simple; AHS 0, DSL 0; LUN 0; ITT 0x11; EDTL 4096; CmdSN 7; ExpStatSN 3
            + "01c10000" + "00000000" + "0000000000000000" + "00000011" + "00001000" + "00000007" + "00000003"
            + "28000000000000000800000000000000";

    @Test
    void readCommandGolden() throws Exception {
        ByteBuf msg = message(READ_COMMAND);
        IserFrame f = IserFrame.decode(msg, 8192);
        assertEquals(new IserHeader(IserHeader.ISCSI_CONTROL, false, 0, 0, true, 0x12345678, 0x7f0011223344L),
                f.header());
        assertNull(f.malformed());
        assertEquals(Opcode.SCSI_COMMAND, f.pdu().opcode());
        assertEquals(0x11, f.pdu().initiatorTaskTag());
        assertEquals(4096, f.pdu().intAt(20));
        assertEquals(0, f.pdu().dataSegmentLength());
        f.pdu().release();
        assertReleasedOnce(msg);
    }

    @Test
    void writeWithImmediateDataGolden() throws Exception {
        String data = "a5".repeat(512);
        ByteBuf msg = message("18000000" + "cafebabe" + "0000000000010000" + "00000000" + "0000000000000000"
                + "01a10000" + "00000200" + "0000000000000000" + "00000012" + "00002000" + "00000008" + "00000003"
                + "2a000000000000001000000000000000" + data);
        IserFrame f = IserFrame.decode(msg, 8192);
        assertTrue(f.header().writeValid());
        assertFalse(f.header().readValid());
        assertEquals(0xcafebabe, f.header().writeStag());
        assertEquals(0x10000L, f.header().writeBaseOffset());
        assertEquals(512, f.pdu().data().readableBytes());
        assertEquals(data, ByteBufUtil.hexDump(f.pdu().data()));
        f.pdu().release();
        assertReleasedOnce(msg);
    }

    @Test
    void targetEncodingGolden() throws Exception {
        IscsiPdu nopIn = IscsiPdu.create(ALLOC, Opcode.NOP_IN, 0x80, ALLOC.buffer().writeBytes(new byte[] {1, 2, 3}));
        nopIn.setInitiatorTaskTag(5).updateLengths();
        ByteBuf out = ALLOC.buffer(IserFrame.encodedLength(nopIn));
        IserFrame.encode(nopIn, out);
        nopIn.release();
        // The target's header: control opcode, no W/R, zero STags; the 3-byte data segment is not padded.
        assertEquals("10000000" + "00".repeat(24), ByteBufUtil.hexDump(out, 0, IserHeader.LENGTH));
        assertEquals(IserHeader.LENGTH + 48 + 3, out.readableBytes());
        assertEquals("010203", ByteBufUtil.hexDump(out, out.writerIndex() - 3, 3));
        IserFrame back = IserFrame.decode(out, 8192);
        assertEquals(IserHeader.TARGET_CONTROL, back.header());
        assertEquals(Opcode.NOP_IN, back.pdu().opcode());
        back.pdu().release();
        assertReleasedOnce(out);
    }

    @Test
    void paddingUpToThreeBytesIsTolerated() throws Exception {
        ByteBuf msg = message(READ_COMMAND + "000000");
        IserFrame f = IserFrame.decode(msg, 8192);
        f.pdu().release();
        assertReleasedOnce(msg);
    }

    @Test
    void iserLayerErrorsEndTheConnection() {
        String bhs = READ_COMMAND.substring(IserHeader.LENGTH * 2);
        String header = READ_COMMAND.substring(0, IserHeader.LENGTH * 2);
        assertFails("14000000", "shorter than the 28-byte iSER header");
        assertFails("00" + header.substring(2) + bhs, "unknown iSER opcode 0x0");
        assertFails("f4" + header.substring(2) + bhs, "unknown iSER opcode 0xf");
        assertFails("20" + header.substring(2) + bhs, "Hello or HelloReply on an established connection");
        assertFails(header + bhs.substring(0, 94), "without a whole iSCSI BHS");
        // DSL says 16 bytes, none follow.
        assertFails(header + bhs.substring(0, 10) + "000010" + bhs.substring(16), "iSCSI PDU of 64 bytes");
        assertFails(READ_COMMAND + "00000000", "iSCSI PDU of 48 bytes in an iSER message carrying 52");
    }

    @Test
    void iscsiLayerErrorsAreRejectedAndTheConnectionGoesOn() throws Exception {
        String header = READ_COMMAND.substring(0, IserHeader.LENGTH * 2);
        String bhs = READ_COMMAND.substring(IserHeader.LENGTH * 2);
        ByteBuf msg = message(header + "3e" + bhs.substring(2));
        IserFrame f = IserFrame.decode(msg, 8192);
        assertNull(f.pdu());
        assertNotNull(f.malformed());
        assertFalse(f.malformed().isFatal());
        assertEquals(RejectPdu.PROTOCOL_ERROR, f.malformed().rejectReason());
        f.malformed().release();
        assertReleasedOnce(msg);

        ByteBuf big = message(header + bhs.substring(0, 10) + "0004" + "00" + bhs.substring(16) + "00".repeat(1024));
        IserFrame over = IserFrame.decode(big, 512);
        assertTrue(over.malformed().reason().contains("DataSegmentLength 1024 exceeds 512"), over.malformed().reason());
        over.malformed().release();
        assertReleasedOnce(big);
    }

    /** Random messages: only IserProtocolException or a frame, and never a retained message after release. */
    @Test
    void randomInputNeverLeaksOrThrowsOtherwise() {
        Random random = new Random(7145);
        for (int i = 0; i < 20_000; i++) {
            byte[] bytes = new byte[random.nextInt(160)];
            random.nextBytes(bytes);
            if (bytes.length > 0 && random.nextBoolean()) {
                bytes[0] = 0x10;
            }
            if (bytes.length > IserHeader.LENGTH + 7 && random.nextBoolean()) {
                bytes[IserHeader.LENGTH + 4] = 0;
                int dsl = bytes.length - IserHeader.LENGTH - 48 - random.nextInt(2);
                bytes[IserHeader.LENGTH + 5] = 0;
                bytes[IserHeader.LENGTH + 6] = (byte) (Math.max(dsl, 0) >>> 8);
                bytes[IserHeader.LENGTH + 7] = (byte) Math.max(dsl, 0);
            }
            ByteBuf msg = ALLOC.directBuffer(bytes.length).writeBytes(bytes);
            try {
                IserFrame f = IserFrame.decode(msg, 8192);
                if (f.pdu() != null) {
                    f.pdu().release();
                } else {
                    f.malformed().release();
                }
            } catch (IserProtocolException expected) {
                // the connection would end
            }
            assertReleasedOnce(msg);
        }
    }

    private static void assertFails(String hex, String reason) {
        ByteBuf msg = message(hex);
        IserProtocolException e = assertThrows(IserProtocolException.class, () -> IserFrame.decode(msg, 8192));
        assertTrue(e.getMessage().contains(reason), e.getMessage());
        assertReleasedOnce(msg);
    }

    private static ByteBuf message(String hex) {
        byte[] bytes = ByteBufUtil.decodeHexDump(hex);
        return ALLOC.directBuffer(bytes.length).writeBytes(bytes);
    }

    /** The decoder took no reference of its own: the receiver's single release frees the buffer. */
    private static void assertReleasedOnce(ByteBuf msg) {
        assertEquals(1, msg.refCnt());
        assertTrue(msg.release());
    }
}
