package io.quiver.transport.fcoe.impl.port;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.quiver.scsi.ScsiStatus;
import io.quiver.spi.target.CommandResponse;
import io.quiver.spi.target.ScsiCommand;
import io.quiver.transport.fcoe.impl.els.Els;
import io.quiver.transport.fcoe.impl.frame.FcHeader;
import io.quiver.transport.fcoe.impl.frame.FcoeCodec;
import io.quiver.transport.fcoe.impl.frame.FcoeFrame;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * REC (FC-LS-3 4.2.26) as Linux's fc_fcp_rec sends it when a command times out: request 13 00 00 00,
 * 00 + originator S_ID, OX_ID, RX_ID; the LS_ACC (struct fc_els_rec_acc) checked byte for byte: 02 00 00 00,
 * OX_ID, RX_ID, 00 + originator, 00 + responder, FC4VALUE (data transfer count), E_STAT (FC-FS-3 ESB:
 * bit 31 responder, 30 sequence initiative, 29 complete); LS_RJT 01 00 00 00 00 09 17 00 for an exchange the
 * target does not have.
 */
class ReadExchangeConciseTest {

    final TestInitiator initiator = new TestInitiator();

    @AfterEach
    void release() {
        initiator.close();
    }

    private String rec(int originator, int oxId, int rxId) throws Exception {
        return initiator.rec(originator, oxId, rxId);
    }

    private String portId() {
        return String.format("%08x", initiator.port.portId());
    }

    @Test
    void writeWaitingForDataOutThenInProgress() throws Exception {
        initiator.login();
        initiator.fcp(0x0123, FcHeader.R_CTL_FCP_CMND, 0, TestInitiator.command(0x2A, 1, 3000));
        ScsiCommand write = initiator.commands.getLast();
        int rxId = 1;
        // the target has the command but not its data yet: sequence initiative with the initiator
        assertEquals("02000000" + "0123" + "0001" + "00000e01" + portId() + "00000000" + "c0000000",
                rec(TestInitiator.INITIATOR_ID, 0x0123, 0xFFFF), "before XFER_RDY: responder + initiative");
        var data = write.receiveDataOut(3000).toCompletableFuture();
        assertEquals("02000000" + "0123" + "0001" + "00000e01" + portId() + "00000000" + "80000000",
                rec(TestInitiator.INITIATOR_ID, 0x0123, rxId), "XFER_RDY sent: initiative with the initiator");
        initiator.fcp(0x0123, FcHeader.R_CTL_DATA, 0, Unpooled.wrappedBuffer(new byte[1452]));
        assertEquals("02000000" + "0123" + "0001" + "00000e01" + portId() + "000005ac" + "80000000",
                rec(TestInitiator.INITIATOR_ID, 0x0123, rxId), "1452 bytes received");
        initiator.fcp(0x0123, FcHeader.R_CTL_DATA, 1452, Unpooled.wrappedBuffer(new byte[1548]));
        data.join().release();
        assertEquals("02000000" + "0123" + "0001" + "00000e01" + portId() + "00000bb8" + "c0000000",
                rec(TestInitiator.INITIATOR_ID, 0x0123, rxId), "all data in, the target works on it");
        write.complete(CommandResponse.of(ScsiStatus.GOOD, null, false, null, 3000));
        assertEquals("0100000000091700", rec(TestInitiator.INITIATOR_ID, 0x0123, rxId),
                "FCP_RSP sent: the exchange is gone, Linux retries at once");
        initiator.assertTsharkClean("rec", "FCP", "REC");
    }

    @Test
    void readCountsDataInSent() throws Exception {
        initiator.login();
        initiator.fcp(0x0200, FcHeader.R_CTL_FCP_CMND, 0, TestInitiator.command(0x28, 1, 4096));
        assertEquals("02000000" + "0200" + "0001" + "00000e01" + portId() + "00000000" + "c0000000",
                rec(TestInitiator.INITIATOR_ID, 0x0200, 0xFFFF));
        initiator.fcp(0x0200, FcHeader.R_CTL_ABTS, 0, Unpooled.buffer(0), FcHeader.TYPE_BLS);
        assertEquals("02000000" + "0200" + "0001" + "00000e01" + portId() + "00000000" + "f0000000",
                rec(TestInitiator.INITIATOR_ID, 0x0200, 0xFFFF), "aborted: complete and abnormal until the core ends it");
    }

    @Test
    void unknownExchangeWrongRxIdOrOtherOriginatorRejected() throws Exception {
        initiator.login();
        assertEquals("0100000000091700", rec(TestInitiator.INITIATOR_ID, 0x0777, 0xFFFF), "unknown OX_ID");
        initiator.fcp(0x0300, FcHeader.R_CTL_FCP_CMND, 0, TestInitiator.command(0x28, 1, 512));
        assertEquals("0100000000091700", rec(TestInitiator.INITIATOR_ID, 0x0300, 0x0042), "RX_ID not ours");
        assertEquals("0100000000091500", rec(0x000e77, 0x0300, 0xFFFF), "REC for another originator");
        assertEquals("01000000" + "00032d00", ByteBufUtil.hexDump(initiator.els(initiator.request(0x41),
                Unpooled.buffer().writeInt(Els.REC << 24).writeInt(TestInitiator.INITIATOR_ID))), "short REC");
    }

    /**
     * SRR (FCP-4: 14 00 00 00, OX_ID, RX_ID, relative offset, R_CTL of the IU to resend), which Linux sends
     * after a REC of an unfinished exchange: an FC-4 LS_RJT "command not supported" (R_CTL 33h, type FCP) on
     * the SRR's exchange, so the initiator goes on to ABTS without waiting out its SRR timer.
     */
    @Test
    void srrRejected() throws Exception {
        initiator.login();
        initiator.fcp(0x0400, FcHeader.R_CTL_FCP_CMND, 0, TestInitiator.command(0x2A, 1, 3000));
        initiator.fcp(0x0401, FcHeader.R_CTL_FC4_LS_REQ, 0, Unpooled.buffer().writeInt(0x14 << 24)
                .writeShort(0x0400).writeShort(1).writeInt(0).writeInt(FcHeader.R_CTL_XFER_RDY << 24));
        FcoeFrame reply = FcoeCodec.decode(initiator.sent.getLast());
        assertEquals(FcHeader.R_CTL_FC4_LS_REP, reply.header().rCtl());
        assertEquals(FcHeader.TYPE_FCP, reply.header().type());
        assertEquals(0x0401, reply.header().oxId());
        assertEquals("0100000000" + "0b0000", ByteBufUtil.hexDump(reply.payload()));
        assertEquals(0, initiator.port.dropped());
    }

    @Test
    void recBeforePortLoginNeedsPlogi() throws Exception {
        initiator.claim();
        assertEquals("0100000000091e00", rec(TestInitiator.INITIATOR_ID, 0x0123, 0xFFFF));
    }
}
