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

    static final long INITIATOR_MAC = 0x525400fc0e01L;
    static final long TARGET_MAC = 0x525400fc0e02L;
    static final int INITIATOR_ID = 0x000e01;
    static final long INITIATOR_WWPN = 0x2000525400fc0e01L;
    static final long TARGET_WWPN = 0x1000525400fc0e02L;

    final List<ByteBuf> sent = new ArrayList<>();
    /** Every frame in both directions, in order, for tshark. */
    final List<ByteBuf> wire = new ArrayList<>();
    final List<ScsiCommand> commands = new ArrayList<>();
    final List<TaskManagementRequest> functions = new ArrayList<>();
    final List<SessionTransport> transports = new ArrayList<>();
    final LocalPort port = new LocalPort("t", TARGET_MAC, TARGET_WWPN, 0x2000525400fc0e02L, 1500, this::sent, target());

    @AfterEach
    void release() throws Exception {
        sent.forEach(ByteBuf::release);
        wire.forEach(ByteBuf::release);
    }

    private void sent(ByteBuf frame) {
        sent.add(frame);
        wire.add(frame.copy());
    }

    private ByteBuf inbound(ByteBuf frame) {
        wire.add(frame.copy());
        return frame;
    }

    /**
     * Every frame the port sent, written to a pcap file and dissected by tshark (where installed): no malformed
     * frame, no expert warning (bad CRC, FIP length errors).
     */
    @Test
    void framesPassTshark() throws Exception {
        vn2vnLoginAndFcpExchanges();
        java.nio.file.Path file = java.nio.file.Path.of("target/local-port.pcap").toAbsolutePath();
        try (PcapWriter pcap = new PcapWriter(file)) {
            wire.forEach(pcap::write);
        }
        org.junit.jupiter.api.Assumptions.assumeTrue(java.nio.file.Files.isExecutable(java.nio.file.Path.of("/usr/bin/tshark")));
        Process p = new ProcessBuilder("tshark", "-n", "-r", file.toString(), "-Y",
                "_ws.malformed || _ws.expert.severity >= warning || fcoe.crc.status != 1").redirectErrorStream(true).start();
        String bad = new String(p.getInputStream().readAllBytes()).lines()
                .filter(l -> !l.startsWith("Running as user")).collect(java.util.stream.Collectors.joining("\n"));
        p.waitFor();
        Process all = new ProcessBuilder("tshark", "-n", "-r", file.toString()).redirectErrorStream(true).start();
        String dissected = new String(all.getInputStream().readAllBytes());
        all.waitFor();
        assertTrue(dissected.contains("FIP") && dissected.contains("FCP"), dissected);
        assertEquals("", bad, "frames tshark flags");
    }

    @Test
    void vn2vnLoginAndFcpExchanges() throws Exception {
        port.start(0);
        port.tick(1000);
        port.tick(2000);
        assertTrue(port.up());
        sent.forEach(ByteBuf::release);
        sent.clear();
        ByteBuf claim = Unpooled.buffer();
        Fip.vn2vn(claim, MacAddress.ALL_VN2VN, Fip.SC_CLAIM_NOTIFY, INITIATOR_MAC, 0x1000525400fc0e01L, INITIATOR_ID,
                INITIATOR_WWPN, 1498);
        port.receiveFip(inbound(claim), 3000);
        FipFrame response = FipFrame.decode(sent.getLast());
        assertEquals(Fip.SC_CLAIM_RESPONSE, response.subcode());
        assertEquals(INITIATOR_MAC, response.destination());
        assertEquals(TARGET_WWPN, response.portName());
        port.tick(3300);
        assertEquals(Fip.SC_BEACON, FipFrame.decode(sent.getLast()).subcode(), "a beacon soon after the claim");

        // FLOGI inside FIP, as libfcoe sends it in VN2VN mode
        ByteBuf flogi = Unpooled.buffer();
        ByteBuf params = serviceParameters(Els.FLOGI);
        Fip.header(flogi, TARGET_MAC, INITIATOR_MAC, Fip.OP_ELS, Fip.SC_REQUEST, 4 + 24 + 116 + 8);
        flogi.writeByte(Fip.DT_FLOGI).writeByte((4 + 24 + 116) / 4).writeShort(0);
        request(0x10).write(flogi);
        flogi.writeBytes(params);
        flogi.writeByte(Fip.DT_MAC).writeByte(2);
        MacAddress.write(flogi, MacAddress.vnPort(INITIATOR_ID));
        port.receiveFip(inbound(flogi), 4000);
        assertEquals(0, port.dropped(), "FLOGI dropped");
        FipFrame reply = FipFrame.decode(sent.getLast());
        assertEquals(Fip.SC_REPLY, reply.subcode());
        assertEquals(Els.LS_ACC, reply.els().getUnsignedByte(24));
        assertEquals(MacAddress.vnPort(port.portId()), reply.mac());

        assertEquals(Els.LS_RJT, els(request(0x11), Unpooled.wrappedBuffer(new byte[] {0x20, 0x10, 0, 20,
            8, 0, 0x20, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x22})).getUnsignedByte(0), "PRLI before PLOGI");
        ByteBuf acc = els(request(0x12), serviceParameters(Els.PLOGI));
        assertEquals(Els.LS_ACC, acc.getUnsignedByte(0));
        assertEquals(TARGET_WWPN, ServiceParameters.portName(acc));
        ByteBuf prli = els(request(0x13), Unpooled.wrappedBuffer(new byte[] {0x20, 0x10, 0, 20,
            8, 0, 0x20, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x22}));
        assertEquals(0x21, prli.getUnsignedByte(6), "image pair established, accepted");
        assertEquals(0x12, prli.getInt(16), "target function, read XFER_RDY disabled");
        // VPD 83h: the WWNN (NAA 2h) as target device, FC, PIV; the WWPN is NAA 1h here, which SPC-4 has no
        // designator for (PortDesignatorsTest shows an NAA 2h/5h WWPN)
        assertEquals(List.of("01a30008" + "2000525400fc0e02"),
                transports.getFirst().designators().stream().map(Object::toString).toList());
        ByteBuf rjt = els(request(0x14), Unpooled.wrappedBuffer(new byte[] {0x7F, 0, 0, 0}));
        assertEquals(Els.LS_RJT, rjt.getUnsignedByte(0));
        assertEquals(Els.REASON_NOT_SUPPORTED, rjt.getUnsignedByte(5));

        // WRITE(10) of 3000 bytes: one XFER_RDY, data in three fragments out of order
        fcp(0x20, FcHeader.R_CTL_FCP_CMND, 0, command(0x2A, 1, 3000));
        ScsiCommand write = commands.getLast();
        var data = write.receiveDataOut(3000).toCompletableFuture();
        FcoeFrame ready = FcoeCodec.decode(sent.getLast());
        assertEquals(FcHeader.R_CTL_XFER_RDY, ready.header().rCtl());
        assertEquals(3000, ready.payload().getInt(4));
        byte[] bytes = new byte[3000];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) i;
        }
        fcp(0x20, FcHeader.R_CTL_DATA, 1452, Unpooled.wrappedBuffer(bytes, 1452, 1452));
        fcp(0x20, FcHeader.R_CTL_DATA, 0, Unpooled.wrappedBuffer(bytes, 0, 1452));
        fcp(0x20, FcHeader.R_CTL_DATA, 2904, Unpooled.wrappedBuffer(bytes, 2904, 96));
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
        fcp(0x21, FcHeader.R_CTL_FCP_CMND, 0, command(0x28, 2, 4000));
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
        fcp(0x30, FcHeader.R_CTL_ABTS, 0, Unpooled.buffer(0), FcHeader.TYPE_BLS);
        assertEquals(FcHeader.R_CTL_BA_RJT, FcoeCodec.decode(sent.getLast()).header().rCtl());
        fcp(0x31, FcHeader.R_CTL_FCP_CMND, 0, command(0x28, 3, 512));
        ScsiCommand aborted = commands.getLast();
        fcp(0x31, FcHeader.R_CTL_ABTS, 0, Unpooled.buffer(0), FcHeader.TYPE_BLS);
        assertEquals(FcHeader.R_CTL_BA_ACC, FcoeCodec.decode(sent.getLast()).header().rCtl());
        assertEquals(io.quiver.spi.target.TaskManagementFunction.ABORT_TASK, functions.getLast().function());
        assertEquals(0x31, functions.getLast().referencedTag());
        int count = sent.size();
        aborted.complete(CommandResponse.aborted());
        assertEquals(count, sent.size(), "an aborted exchange sends nothing");

        // LUN RESET: the core's LOGICAL UNIT RESET, answered with FCP_RSP_INFO "complete"
        ByteBuf reset = command(0, 0, 0);
        reset.setByte(10, 0x10);
        reset.setByte(11, 0);
        fcp(0x32, FcHeader.R_CTL_FCP_CMND, 0, reset);
        assertEquals(io.quiver.spi.target.TaskManagementFunction.LOGICAL_UNIT_RESET, functions.getLast().function());
        functions.getLast().complete(io.quiver.spi.target.TaskManagementResult.of(
                io.quiver.spi.target.TaskManagementResponse.FUNCTION_COMPLETE));
        FcoeFrame tmf = FcoeCodec.decode(sent.getLast());
        assertEquals(0x01, tmf.payload().getUnsignedByte(10), "FCP_RSP_LEN_VALID");
        assertEquals(0, tmf.payload().getUnsignedByte(27), "TMF complete");
    }

    private ByteBuf serviceParameters(int command) {
        ByteBuf p = Unpooled.buffer();
        ServiceParameters.writeAccept(p, command == Els.FLOGI, INITIATOR_WWPN, 0x1000525400fc0e01L, 1452);
        p.setByte(0, command);
        return p;
    }

    private FcHeader request(int oxId) {
        return new FcHeader(FcHeader.R_CTL_ELS_REQ, port.portId(), 0, INITIATOR_ID, FcHeader.TYPE_ELS, 0x290000, 0, 0,
                0, oxId, 0xFFFF, 0);
    }

    /** Sends an ELS request as an FCoE frame and returns the reply's payload. */
    private ByteBuf els(FcHeader h, ByteBuf payload) throws Exception {
        ByteBuf frame = Unpooled.buffer();
        FcoeCodec.encodeSingle(frame, MacAddress.vnPort(port.portId()), MacAddress.vnPort(INITIATOR_ID), h, payload);
        port.receiveFcoe(inbound(frame));
        FcoeFrame reply = FcoeCodec.decode(sent.getLast());
        assertEquals(FcHeader.R_CTL_ELS_REP, reply.header().rCtl());
        assertEquals(h.oxId(), reply.header().oxId());
        return reply.payload();
    }

    private void fcp(int oxId, int rCtl, int offset, ByteBuf payload) {
        fcp(oxId, rCtl, offset, payload, FcHeader.TYPE_FCP);
    }

    private void fcp(int oxId, int rCtl, int offset, ByteBuf payload, int type) {
        FcHeader h = new FcHeader(rCtl, port.portId(), 0, INITIATOR_ID, type, 0x290008, 0, 0, 0, oxId,
                0xFFFF, offset);
        ByteBuf frame = Unpooled.buffer();
        FcoeCodec.encodeSingle(frame, MacAddress.vnPort(port.portId()), MacAddress.vnPort(INITIATOR_ID), h, payload);
        port.receiveFcoe(inbound(frame));
    }

    private static ByteBuf command(int opcode, int lba, int length) {
        ByteBuf c = Unpooled.buffer();
        c.writeLong(0).writeByte(0).writeByte(0).writeByte(0).writeByte(opcode == 0x2A ? 1 : 2);
        c.writeByte(opcode).writeByte(0).writeInt(lba).writeByte(0).writeShort(length / 512 + 1).writeByte(0);
        c.writeZero(6).writeInt(length);
        return c;
    }

    private ScsiTarget target() {
        return new ScsiTarget() {
            @Override
            public String name() {
                return "t";
            }

            @Override
            public int relativeTargetPortId() {
                return 1;
            }

            @Override
            public Session openSession(InitiatorPort initiator, SessionTransport transport) {
                assertEquals("20:00:52:54:00:fc:0e:01", initiator.name());
                transports.add(transport);
                return new Session() {
                    @Override
                    public InitiatorPort initiator() {
                        return initiator;
                    }

                    @Override
                    public ScsiTarget target() {
                        return null;
                    }

                    @Override
                    public void submit(ScsiCommand command) {
                        commands.add(command);
                    }

                    @Override
                    public void submit(TaskManagementRequest request) {
                        functions.add(request);
                    }

                    @Override
                    public int queueDepth() {
                        return 32;
                    }

                    @Override
                    public void close() {
                    }
                };
            }

            @Override
            public void unregister() {
            }
        };
    }
}
