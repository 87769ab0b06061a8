package io.quiver.transport.fcoe.impl.port;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.quiver.scsi.ScsiStatus;
import io.quiver.spi.target.CommandResponse;
import io.quiver.spi.target.InitiatorPort;
import io.quiver.spi.target.ScsiCommand;
import io.quiver.spi.target.ScsiTarget;
import io.quiver.spi.target.Session;
import io.quiver.spi.target.SessionTransport;
import io.quiver.spi.target.TaskManagementRequest;
import io.quiver.transport.fcoe.impl.els.Els;
import io.quiver.transport.fcoe.impl.els.ServiceParameters;
import io.quiver.transport.fcoe.impl.fip.Fip;
import io.quiver.transport.fcoe.impl.fip.FipFrame;
import io.quiver.transport.fcoe.impl.frame.FcHeader;
import io.quiver.transport.fcoe.impl.frame.FcoeCodec;
import io.quiver.transport.fcoe.impl.frame.FcoeFrame;
import io.quiver.transport.fcoe.impl.frame.MacAddress;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The local port against frames shaped as Linux's libfcoe/libfc send them: VN2VN claim, FIP-encapsulated
 * FLOGI, PLOGI, PRLI, an unknown ELS, a request before PLOGI, a WRITE with fragmented data-out and a READ
 * split to the initiator's receive size. The core is a recording stand-in.
 */
class LocalPortTest {

    final TestInitiator initiator = new TestInitiator();
    final List<ByteBuf> sent = initiator.sent;
    final List<ByteBuf> wire = initiator.wire;
    final List<ScsiCommand> commands = initiator.commands;
    final List<TaskManagementRequest> functions = initiator.functions;
    final LocalPort port = initiator.port;

    @AfterEach
    void release() {
        initiator.close();
    }

    /**
     * Every frame the port sent, written to a pcap file and dissected by tshark (where installed): no malformed
     * frame, no expert warning (bad CRC, FIP length errors).
     */
    @Test
    void framesPassTshark() throws Exception {
        vn2vnLoginAndFcpExchanges();
        initiator.assertTsharkClean("local-port", "FCP");
    }

    @Test
    void vn2vnLoginAndFcpExchanges() throws Exception {
        initiator.claim();
        FipFrame response = FipFrame.decode(sent.getLast());
        assertEquals(Fip.SC_CLAIM_RESPONSE, response.subcode());
        assertEquals(TestInitiator.INITIATOR_MAC, response.destination());
        assertEquals(TestInitiator.TARGET_WWPN, response.portName());
        port.tick(3300);
        assertEquals(Fip.SC_BEACON, FipFrame.decode(sent.getLast()).subcode(), "a beacon soon after the claim");

        // FLOGI inside FIP, as libfcoe sends it in VN2VN mode
        ByteBuf flogi = Unpooled.buffer();
        ByteBuf params = initiator.serviceParameters(Els.FLOGI);
        Fip.header(flogi, TestInitiator.TARGET_MAC, TestInitiator.INITIATOR_MAC, Fip.OP_ELS, Fip.SC_REQUEST, 4 + 24 + 116 + 8);
        flogi.writeByte(Fip.DT_FLOGI).writeByte((4 + 24 + 116) / 4).writeShort(0);
        initiator.request(0x10).write(flogi);
        flogi.writeBytes(params);
        flogi.writeByte(Fip.DT_MAC).writeByte(2);
        MacAddress.write(flogi, MacAddress.vnPort(TestInitiator.INITIATOR_ID));
        port.receiveFip(initiator.inbound(flogi), 4000);
        assertEquals(0, port.dropped(), "FLOGI dropped");
        FipFrame reply = FipFrame.decode(sent.getLast());
        assertEquals(Fip.SC_REPLY, reply.subcode());
        assertEquals(Els.LS_ACC, reply.els().getUnsignedByte(24));
        assertEquals(MacAddress.vnPort(port.portId()), reply.mac());

        assertEquals(Els.LS_RJT, initiator.els(initiator.request(0x11), TestInitiator.prli()).getUnsignedByte(0), "PRLI before PLOGI");
        ByteBuf acc = initiator.els(initiator.request(0x12), initiator.serviceParameters(Els.PLOGI));
        assertEquals(Els.LS_ACC, acc.getUnsignedByte(0));
        assertEquals(TestInitiator.TARGET_WWPN, ServiceParameters.portName(acc));
        ByteBuf prli = initiator.els(initiator.request(0x13), TestInitiator.prli());
        assertEquals(0x21, prli.getUnsignedByte(6), "image pair established, accepted");
        assertEquals(0x12, prli.getInt(16), "target function, read XFER_RDY disabled");
        // VPD 83h: the WWNN (NAA 2h) as target device, FC, PIV; the WWPN is NAA 1h here, which SPC-4 has no
        // designator for (PortDesignatorsTest shows an NAA 2h/5h WWPN)
        assertEquals(List.of("01a30008" + "2000525400fc0e02"),
                initiator.transports.getFirst().designators().stream().map(Object::toString).toList());
        ByteBuf rjt = initiator.els(initiator.request(0x14), Unpooled.wrappedBuffer(new byte[] {0x7F, 0, 0, 0}));
        assertEquals(Els.LS_RJT, rjt.getUnsignedByte(0));
        assertEquals(Els.REASON_NOT_SUPPORTED, rjt.getUnsignedByte(5));

        // WRITE(10) of 3000 bytes: one XFER_RDY, data in three fragments out of order
        initiator.fcp(0x20, FcHeader.R_CTL_FCP_CMND, 0, TestInitiator.command(0x2A, 1, 3000));
        ScsiCommand write = commands.getLast();
        var data = write.receiveDataOut(3000).toCompletableFuture();
        FcoeFrame ready = FcoeCodec.decode(sent.getLast());
        assertEquals(FcHeader.R_CTL_XFER_RDY, ready.header().rCtl());
        assertEquals(3000, ready.payload().getInt(4));
        byte[] bytes = new byte[3000];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) i;
        }
        initiator.fcp(0x20, FcHeader.R_CTL_DATA, 1452, Unpooled.wrappedBuffer(bytes, 1452, 1452));
        initiator.fcp(0x20, FcHeader.R_CTL_DATA, 0, Unpooled.wrappedBuffer(bytes, 0, 1452));
        initiator.fcp(0x20, FcHeader.R_CTL_DATA, 2904, Unpooled.wrappedBuffer(bytes, 2904, 96));
        ByteBuf received = data.getNow(null);
        assertNotNull(received);
        assertEquals(Unpooled.wrappedBuffer(bytes), received);
        received.release();
        write.complete(CommandResponse.of(ScsiStatus.GOOD, null, false, null, 3000));
        FcoeFrame rsp = FcoeCodec.decode(sent.getLast());
        assertEquals(FcHeader.R_CTL_FCP_RSP, rsp.header().rCtl());
        assertEquals(0, rsp.payload().getUnsignedByte(10), "no residual");

        // READ(10) of 4000 bytes with 3000 available: frames of 1452, 1452, 96, then an underflow of 1000
        int before = sent.size();
        initiator.fcp(0x21, FcHeader.R_CTL_FCP_CMND, 0, TestInitiator.command(0x28, 2, 4000));
        ByteBuf in = ByteBufAllocator.DEFAULT.directBuffer(3000).writeBytes(bytes);
        commands.getLast().complete(CommandResponse.of(ScsiStatus.GOOD, null, false, in, 3000));
        List<FcoeFrame> frames = new ArrayList<>();
        for (ByteBuf b : sent.subList(before, sent.size())) {
            frames.add(FcoeCodec.decode(b));
        }
        assertEquals(4, frames.size());
        assertEquals(1452, frames.get(1).header().parameter(), "relative offset");
        assertEquals(96, frames.get(2).payload().readableBytes());
        assertEquals(0x08, frames.get(3).payload().getUnsignedByte(10), "FCP_RESID_UNDER");
        assertEquals(1000, frames.get(3).payload().getInt(12));
        assertEquals(0, port.dropped());

        // ABTS of an unknown exchange: BA_RJT; of an open one: BA_ACC, ABORT TASK in the core, nothing more sent
        initiator.fcp(0x30, FcHeader.R_CTL_ABTS, 0, Unpooled.buffer(0), FcHeader.TYPE_BLS);
        assertEquals(FcHeader.R_CTL_BA_RJT, FcoeCodec.decode(sent.getLast()).header().rCtl());
        initiator.fcp(0x31, FcHeader.R_CTL_FCP_CMND, 0, TestInitiator.command(0x28, 3, 512));
        ScsiCommand aborted = commands.getLast();
        initiator.fcp(0x31, FcHeader.R_CTL_ABTS, 0, Unpooled.buffer(0), FcHeader.TYPE_BLS);
        assertEquals(FcHeader.R_CTL_BA_ACC, FcoeCodec.decode(sent.getLast()).header().rCtl());
        assertEquals(io.quiver.spi.target.TaskManagementFunction.ABORT_TASK, functions.getLast().function());
        assertEquals(0x31, functions.getLast().referencedTag());
        int count = sent.size();
        aborted.complete(CommandResponse.aborted());
        assertEquals(count, sent.size(), "an aborted exchange sends nothing");

        // LUN RESET: the core's LOGICAL UNIT RESET, answered with FCP_RSP_INFO "complete"
        ByteBuf reset = TestInitiator.command(0, 0, 0);
        reset.setByte(10, 0x10);
        reset.setByte(11, 0);
        initiator.fcp(0x32, FcHeader.R_CTL_FCP_CMND, 0, reset);
        assertEquals(io.quiver.spi.target.TaskManagementFunction.LOGICAL_UNIT_RESET, functions.getLast().function());
        functions.getLast().complete(io.quiver.spi.target.TaskManagementResult.of(
                io.quiver.spi.target.TaskManagementResponse.FUNCTION_COMPLETE));
        FcoeFrame tmf = FcoeCodec.decode(sent.getLast());
        assertEquals(0x01, tmf.payload().getUnsignedByte(10), "FCP_RSP_LEN_VALID");
        assertEquals(0, tmf.payload().getUnsignedByte(27), "TMF complete");
    }

    /**
     * FCP from a port the target has no login with (as after a restart of the target, which Linux does not see):
     * nothing reaches the core, the port gets one LOGO (again only after 2 s however many frames come), and the
     * LS_ACC it answers with is taken quietly. When the port closes, every logged-in port gets a LOGO.
     */
    @Test
    void fcpWithoutALoginIsAnsweredWithLogo() throws Exception {
        initiator.claim();
        int before = sent.size();
        long dropped = port.dropped();
        initiator.fcp(0x50, FcHeader.R_CTL_FCP_CMND, 0, TestInitiator.command(0x28, 1, 512));
        assertEquals(before + 1, sent.size(), "one frame: the LOGO");
        FcoeFrame logo = FcoeCodec.decode(sent.getLast());
        assertEquals(FcHeader.R_CTL_ELS_REQ, logo.header().rCtl());
        assertEquals(TestInitiator.INITIATOR_ID, logo.header().dId());
        assertEquals(port.portId(), logo.header().sId());
        assertEquals(MacAddress.vnPort(TestInitiator.INITIATOR_ID), logo.destination());
        assertEquals(Els.LOGO, logo.payload().getUnsignedByte(0));
        assertEquals(port.portId(), logo.payload().getInt(4));
        assertEquals(TestInitiator.TARGET_WWPN, logo.payload().getLong(8));
        initiator.fcp(0x51, FcHeader.R_CTL_FCP_CMND, 0, TestInitiator.command(0x28, 1, 512));
        initiator.fcp(0x50, FcHeader.R_CTL_ABTS, 0, Unpooled.buffer(0), FcHeader.TYPE_BLS);
        assertEquals(before + 1, sent.size(), "no second LOGO within 2 s");
        assertEquals(List.of(), commands);
        assertEquals(dropped + 3, port.dropped(), "the three frames, discarded");

        FcHeader acc = logo.header().reply(FcHeader.R_CTL_ELS_REP, FcHeader.TYPE_ELS, 0x990000, 0, 0x1234);
        ByteBuf frame = Unpooled.buffer();
        FcoeCodec.encodeSingle(frame, port.sourceMac(), MacAddress.vnPort(TestInitiator.INITIATOR_ID), acc,
                Unpooled.wrappedBuffer(new byte[] {Els.LS_ACC, 0, 0, 0}));
        port.receiveFcoe(initiator.inbound(frame));
        assertEquals(dropped + 3, port.dropped(), "the LS_ACC to our LOGO is no dropped frame");
        assertEquals(before + 1, sent.size());

        // logged in again, FCP reaches the core
        assertEquals(Els.LS_ACC, initiator.els(initiator.request(0x12), initiator.serviceParameters(Els.PLOGI)).getUnsignedByte(0));
        assertEquals(0x21, initiator.els(initiator.request(0x13), TestInitiator.prli()).getUnsignedByte(6));
        initiator.fcp(0x52, FcHeader.R_CTL_FCP_CMND, 0, TestInitiator.command(0x28, 1, 512));
        assertEquals(1, commands.size());

        // the port closes (target disabled, driver stopped): the logged-in initiator is told at once
        before = sent.size();
        port.close();
        assertEquals(before + 1, sent.size(), "one LOGO per logged-in port");
        FcoeFrame goodbye = FcoeCodec.decode(sent.getLast());
        assertEquals(FcHeader.R_CTL_ELS_REQ, goodbye.header().rCtl());
        assertEquals(Els.LOGO, goodbye.payload().getUnsignedByte(0));
        assertEquals(TestInitiator.INITIATOR_ID, goodbye.header().dId());
        assertTrue(goodbye.header().oxId() != logo.header().oxId(), "an exchange of its own");
        initiator.assertTsharkClean("logo-originator", "LOGO");
    }
}
