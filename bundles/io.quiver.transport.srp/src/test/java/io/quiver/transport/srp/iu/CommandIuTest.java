package io.quiver.transport.srp.iu;

import static io.quiver.transport.srp.iu.Frames.TAG;
import static io.quiver.transport.srp.iu.Frames.encode;
import static io.quiver.transport.srp.iu.Frames.hex;
import static io.quiver.transport.srp.iu.Frames.zeros;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.quiver.scsi.DataDirection;
import io.quiver.scsi.TaskAttribute;
import java.util.List;
import org.junit.jupiter.api.Test;

/** SRP_CMD against struct srp_cmd (48 bytes), srp_direct_buf (16), srp_indirect_buf (20 + 16n), srp_imm_buf (4). */
class CommandIuTest {

    static final String LUN = "0001000000000000";
    static final String READ10 = "28000000100000000800" + zeros(6);
    static final String WRITE10 = "2a000000100000000100" + zeros(6);
    /** READ(10) of 4 KiB into one direct buffer. */
    static final String CMD_DIRECT_IN = "02" + "00" + zeros(3) + "01" + "00" + "00" + TAG + zeros(4) + LUN + "00" + "00"
            + "00" + "00" + READ10 + "00007f0012345000" + "00001234" + "00001000";
    /** WRITE of 12 KiB from two segments listed in an indirect descriptor. */
    static final String CMD_INDIRECT_OUT = "02" + "00" + zeros(3) + "20" + "02" + "00" + TAG + zeros(4) + LUN + "00"
            + "02" + "00" + "00" + WRITE10 + "00007f0000001000" + "00001234" + "00000020" + "00003000"
            + "00007f0000100000" + "00001234" + "00001000" + "00007f0000200000" + "00005678" + "00002000";
    /** WRITE of 512 bytes of immediate data at offset 68, as Linux's ib_srp sends it. */
    static final String CMD_IMMEDIATE = "02" + "00" + zeros(3) + "30" + "00" + "00" + TAG + zeros(4) + LUN + "00" + "00"
            + "00" + "00" + WRITE10 + "00000200" + zeros(16) + "a5".repeat(512);

    @Test
    void fixedPartIs48BytesAndDirectDescriptor16() throws Exception {
        assertEquals(2 * (48 + 16), CMD_DIRECT_IN.length());
        CommandIu cmd = CommandIu.decode(hex(CMD_DIRECT_IN), 0);
        assertEquals(0x0102030405060708L, cmd.tag());
        assertEquals(0x0001000000000000L, cmd.lun());
        assertEquals(TaskAttribute.SIMPLE, cmd.taskAttribute());
        assertEquals(READ10, ByteBufUtil.hexDump(cmd.cdb()));
        assertEquals(DataDirection.IN, cmd.direction());
        assertEquals(4096, cmd.expectedDataTransferLength());
        assertEquals(List.of(new DirectBuffer(0x00007f0012345000L, 0x1234, 4096)), cmd.dataIn().segments());
        assertEquals(CMD_DIRECT_IN, encode(cmd));
    }

    @Test
    void indirectDescriptorIs20BytesPlus16PerSegment() throws Exception {
        assertEquals(2 * (48 + 20 + 32), CMD_INDIRECT_OUT.length());
        CommandIu cmd = CommandIu.decode(hex(CMD_INDIRECT_OUT), 0);
        assertEquals(TaskAttribute.ORDERED, cmd.taskAttribute());
        assertEquals(DataDirection.OUT, cmd.direction());
        assertEquals(0x3000, cmd.expectedDataTransferLength());
        assertEquals(2, cmd.dataOut().segments().size());
        assertEquals(new DirectBuffer(0x00007f0000200000L, 0x5678, 0x2000), cmd.dataOut().segments().get(1));
        assertEquals(CMD_INDIRECT_OUT, encode(cmd));
    }

    @Test
    void immediateDataIsASliceAtTheNegotiatedOffset() throws Exception {
        ByteBuf iu = hex(CMD_IMMEDIATE);
        assertEquals(68 + 512, iu.readableBytes());
        CommandIu cmd = CommandIu.decode(iu, Srp.LINUX_IMMEDIATE_DATA_OFFSET);
        assertEquals(DataBuffer.IMMEDIATE, cmd.dataOut().format());
        assertEquals(512, cmd.dataOut().length());
        ByteBuf data = cmd.dataOut().immediateData();
        assertSame(iu.unwrap() == null ? iu : iu.unwrap(), data.unwrap() == null ? data : data.unwrap());
        assertEquals((byte) 0xa5, data.getByte(data.readerIndex()));
        assertEquals(CMD_IMMEDIATE, encode(cmd));
    }

    @Test
    void additionalCdbOf16BytesCarriesA32ByteCdb() throws Exception {
        String cdb32 = "7f" + zeros(6) + "18" + "000b" + zeros(22);
        String golden = "02" + zeros(4) + "00" + "00" + "00" + TAG + zeros(4) + LUN + "00" + "00" + "00" + "10" + cdb32;
        CommandIu cmd = CommandIu.decode(hex(golden), 0);
        assertEquals(cdb32, ByteBufUtil.hexDump(cmd.cdb()));
        assertEquals(DataDirection.NONE, cmd.direction());
        assertEquals(golden, encode(cmd));
    }

    @Test
    void encodesWhatTheInitiatorBuildsWith255Descriptors() throws Exception {
        List<DirectBuffer> segs = new java.util.ArrayList<>();
        for (int k = 0; k < 255; k++) {
            segs.add(new DirectBuffer(0x1000L * k, k, 512));
        }
        CommandIu cmd = new CommandIu(false, 7, 0, TaskAttribute.HEAD_OF_QUEUE, hex(READ10), DataBuffer.none(),
                DataBuffer.indirect(0x42, 9, segs), 0);
        ByteBuf out = Unpooled.buffer();
        cmd.encode(out);
        assertEquals(48 + 20 + 255 * 16, out.readableBytes());
        assertEquals(cmd.encodedLength(), out.readableBytes());
        CommandIu back = CommandIu.decode(out, 0);
        assertEquals(255 * 512, back.dataIn().length());
        assertEquals(segs, back.dataIn().segments());
        assertEquals(TaskAttribute.HEAD_OF_QUEUE, back.taskAttribute());
    }

    @Test
    void responseIs36BytesThenResponseDataThenSense() throws Exception {
        String sense = "700005000000000a0000000024000000" + "0000";
        String golden = "c1" + "00" + "0000" + "00000001" + TAG + "0000" + "22" + "02" + "00000000" + "00000200"
                + "00000012" + "00000000" + sense;
        ResponseIu rsp = ResponseIu.command(0x0102030405060708L, 1, 2, hex(sense), 0, 512);
        assertEquals(golden, encode(rsp));
        ResponseIu back = ResponseIu.decode(hex(golden));
        assertEquals(512, back.dataInResidual());
        assertEquals(sense, ByteBufUtil.hexDump(back.sense()));
        assertNull(back.responseCode());

        String tmf = "c1" + "00" + "0000" + "00000002" + TAG + "0000" + "01" + "00" + zeros(8) + "00000000"
                + "00000004" + "00000005";
        assertEquals(tmf, encode(ResponseIu.responseCode(0x0102030405060708L, 2, SrpResponseCode.FUNCTION_FAILED)));
        assertEquals(SrpResponseCode.FUNCTION_FAILED, ResponseIu.decode(hex(tmf)).responseCode());
        String over = encode(ResponseIu.command(1, 0, 0, Unpooled.EMPTY_BUFFER, -4, 0));
        assertEquals(0x04, ResponseIu.decode(hex(over)).flags());
        assertThrows(SrpProtocolException.class, () -> ResponseIu.decode(hex(golden.substring(0, golden.length() - 2))));
    }

    @Test
    void taskManagementIs48Bytes() throws Exception {
        String golden = "01" + "00" + zeros(6) + TAG + zeros(4) + LUN + zeros(2) + "01" + "00" + "1112131415161718"
                + zeros(8);
        assertEquals(96, golden.length());
        TaskManagementIu tmf = TaskManagementIu.decode(hex(golden));
        assertEquals(TaskManagementIu.ABORT_TASK, tmf.function());
        assertEquals(0x1112131415161718L, tmf.taskTag());
        assertEquals(golden, encode(tmf));
        assertThrows(SrpProtocolException.class, () -> TaskManagementIu.decode(hex(golden + "00")));
    }

    @Test
    void shortIusAre16Bytes() throws Exception {
        assertEquals("03" + zeros(7) + TAG, encode(new InitiatorLogout(0x0102030405060708L)));
        assertEquals("80" + "01" + zeros(2) + "00000004" + TAG,
                encode(new TargetLogout(true, TargetLogoutReason.MULTICHANNEL_ACTION.code(), 0x0102030405060708L)));
        assertEquals("81" + "00" + zeros(2) + "00000010" + TAG, encode(new CreditRequest(false, 16, 0x0102030405060708L)));
        assertEquals("41" + zeros(7) + TAG, encode(new CreditResponse(0x0102030405060708L)));
        assertEquals("42" + zeros(7) + TAG, encode(new AerResponse(0x0102030405060708L)));
        assertEquals(new CreditRequest(false, 16, 0x0102030405060708L),
                CreditRequest.decode(hex("81" + "00" + zeros(2) + "00000010" + TAG)));
        assertEquals(new TargetLogout(true, 4, 0x0102030405060708L),
                TargetLogout.decode(hex("80" + "01" + zeros(2) + "00000004" + TAG)));
        assertEquals(new InitiatorLogout(0x0102030405060708L), InitiatorLogout.decode(hex("03" + zeros(7) + TAG)));
        assertThrows(SrpProtocolException.class, () -> CreditResponse.decode(hex("41" + zeros(7) + TAG + "00")));
    }

    @Test
    void aerRequestIs36BytesPlusSense() throws Exception {
        String sense = "70000600000000" + "0a" + "00000000" + "2a09" + "00000000";
        String golden = "82" + "00" + zeros(2) + "00000003" + TAG + zeros(4) + LUN + "00000012" + zeros(4) + sense;
        AerRequest aer = AerRequest.decode(hex(golden));
        assertEquals(0x0001000000000000L, aer.lun());
        assertEquals(3, aer.requestLimitDelta());
        assertEquals(golden, encode(aer));
        assertThrows(SrpProtocolException.class, () -> AerRequest.decode(hex(golden + "00")));
    }

    @Test
    void decodersDispatchByTypeAndRefuseTheOtherSidesIus() throws Exception {
        assertTrue(SrpIuDecoder.decodeAtTarget(hex(CMD_DIRECT_IN), 0) instanceof CommandIu);
        assertTrue(SrpIuDecoder.decodeAtTarget(hex("41" + zeros(7) + TAG), 0) instanceof CreditResponse);
        assertTrue(SrpIuDecoder.decodeAtTarget(hex("42" + zeros(7) + TAG), 0) instanceof AerResponse);
        assertTrue(SrpIuDecoder.decodeAtInitiator(hex("81" + zeros(7) + TAG)) instanceof CreditRequest);
        for (String type : new String[] {"c1", "80", "81", "82", "00", "c0", "c2", "ff"}) {
            var e = assertThrows(SrpProtocolException.class, () -> SrpIuDecoder.decodeAtTarget(hex(type + zeros(15)), 0));
            assertEquals(TargetLogoutReason.INVALID_IU_TYPE, e.logoutReason());
        }
        assertEquals(TargetLogoutReason.INVALID_IU_TYPE, assertThrows(SrpProtocolException.class,
                () -> SrpIuDecoder.decodeAtInitiator(hex("02" + zeros(15)))).logoutReason());
        assertThrows(SrpProtocolException.class, () -> SrpIuDecoder.decodeAtTarget(Unpooled.EMPTY_BUFFER, 0));
    }
}
