package io.quiver.transport.fcoe.impl.port;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.quiver.spi.target.InitiatorPort;
import io.quiver.spi.target.ScsiCommand;
import io.quiver.spi.target.ScsiTarget;
import io.quiver.spi.target.Session;
import io.quiver.spi.target.SessionTransport;
import io.quiver.spi.target.TaskManagementRequest;
import io.quiver.transport.fcoe.impl.els.Els;
import io.quiver.transport.fcoe.impl.els.ServiceParameters;
import io.quiver.transport.fcoe.impl.fip.Fip;
import io.quiver.transport.fcoe.impl.frame.FcHeader;
import io.quiver.transport.fcoe.impl.frame.FcoeCodec;
import io.quiver.transport.fcoe.impl.frame.FcoeFrame;
import io.quiver.transport.fcoe.impl.frame.MacAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * A VN2VN initiator played by hand against a {@link LocalPort}, framing requests as Linux's libfcoe/libfc
 * does, with a recording stand-in for the core (its commands, task management requests and session
 * transports). Every frame in both directions is kept for tshark. Test code; one thread.
 */
final class TestInitiator implements AutoCloseable {

    static final long INITIATOR_MAC = 0x525400fc0e01L;
    static final long TARGET_MAC = 0x525400fc0e02L;
    static final int INITIATOR_ID = 0x000e01;
    static final long INITIATOR_WWPN = 0x2000525400fc0e01L;
    static final long TARGET_WWPN = 0x1000525400fc0e02L;

    final List<ByteBuf> sent = new ArrayList<>();
    /** Every frame in both directions, in order. */
    final List<ByteBuf> wire = new ArrayList<>();
    final List<ScsiCommand> commands = new ArrayList<>();
    final List<TaskManagementRequest> functions = new ArrayList<>();
    final List<SessionTransport> transports = new ArrayList<>();
    final LocalPort port;

    TestInitiator() {
        this(LocalPort.DEFAULT_MAX_BURST);
    }

    /** @param maxBurst the target's FCP maximum burst size, 0 for unlimited */
    TestInitiator(int maxBurst) {
        this(maxBurst, false);
    }

    /** @param fabric the target logs in to an FCF instead of VN2VN */
    TestInitiator(int maxBurst, boolean fabric) {
        port = new LocalPort("t", TARGET_MAC, TARGET_WWPN, 0x2000525400fc0e02L, 1500, maxBurst, fabric, this::sent,
                target());
    }

    /** Ends every command as the core does when the nexus goes (aborted), then frees every frame. */
    @Override
    public void close() {
        commands.forEach(c -> c.complete(io.quiver.spi.target.CommandResponse.aborted()));
        commands.clear();
        sent.forEach(ByteBuf::release);
        wire.forEach(ByteBuf::release);
    }

    private void sent(ByteBuf frame) {
        sent.add(frame);
        wire.add(frame.copy());
    }

    ByteBuf inbound(ByteBuf frame) {
        wire.add(frame.copy());
        return frame;
    }

    /** The target claims its port ID and hears the initiator's claim notification. */
    void claim() {
        port.start(0);
        port.tick(1000);
        port.tick(2000);
        assertTrue(port.up());
        ByteBuf claim = Unpooled.buffer();
        Fip.vn2vn(claim, MacAddress.ALL_VN2VN, Fip.SC_CLAIM_NOTIFY, INITIATOR_MAC, 0x1000525400fc0e01L, INITIATOR_ID,
                INITIATOR_WWPN, 1498);
        port.receiveFip(inbound(claim), 3000);
    }

    /**
     * Writes every frame of the run to {@code target/<name>.pcap} and has tshark (where installed) dissect it:
     * FIP and each of {@code expected} in its summary lines, no malformed frame, no expert warning, every
     * FCoE CRC good.
     */
    void assertTsharkClean(String name, String... expected) throws Exception {
        java.nio.file.Path file = java.nio.file.Path.of("target/" + name + ".pcap").toAbsolutePath();
        java.nio.file.Files.deleteIfExists(file); // a PcapWriter continues a capture already there
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
        assertTrue(dissected.contains("FIP"), dissected);
        for (String e : expected) {
            assertTrue(dissected.contains(e), e + " in\n" + dissected);
        }
        assertEquals("", bad, "frames tshark flags");
    }

    /** Claim, PLOGI and PRLI: the I_T nexus is open. */
    void login() throws Exception {
        claim();
        assertEquals(Els.LS_ACC, els(request(0x12), serviceParameters(Els.PLOGI)).getUnsignedByte(0));
        assertEquals(0x21, els(request(0x13), prli()).getUnsignedByte(6), "image pair established");
    }

    static ByteBuf prli() {
        return Unpooled.wrappedBuffer(new byte[] {0x20, 0x10, 0, 20, 8, 0, 0x20, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
            0x22});
    }

    ByteBuf serviceParameters(int command) {
        ByteBuf p = Unpooled.buffer();
        ServiceParameters.writeAccept(p, command == Els.FLOGI, INITIATOR_WWPN, 0x1000525400fc0e01L, 1452);
        p.setByte(0, command);
        return p;
    }

    FcHeader request(int oxId) {
        return new FcHeader(FcHeader.R_CTL_ELS_REQ, port.portId(), 0, INITIATOR_ID, FcHeader.TYPE_ELS, 0x290000, 0, 0,
                0, oxId, 0xFFFF, 0);
    }

    /** Sends an ELS request as an FCoE frame and returns the reply's payload. */
    ByteBuf els(FcHeader h, ByteBuf payload) throws Exception {
        ByteBuf frame = Unpooled.buffer();
        FcoeCodec.encodeSingle(frame, port.sourceMac(), MacAddress.vnPort(INITIATOR_ID), h, payload);
        port.receiveFcoe(inbound(frame));
        FcoeFrame reply = FcoeCodec.decode(sent.getLast());
        assertEquals(FcHeader.R_CTL_ELS_REP, reply.header().rCtl());
        assertEquals(h.oxId(), reply.header().oxId());
        return reply.payload();
    }

    /** A REC (FC-LS-3) for the exchange {@code oxId}/{@code rxId} of {@code originator}: the reply in hex. */
    String rec(int originator, int oxId, int rxId) throws Exception {
        ByteBuf rec = Unpooled.buffer().writeInt(Els.REC << 24).writeInt(originator).writeShort(oxId).writeShort(rxId);
        return io.netty.buffer.ByteBufUtil.hexDump(els(request(0x40), rec));
    }

    void fcp(int oxId, int rCtl, int offset, ByteBuf payload) {
        fcp(oxId, rCtl, offset, payload, FcHeader.TYPE_FCP);
    }

    void fcp(int oxId, int rCtl, int offset, ByteBuf payload, int type) {
        FcHeader h = new FcHeader(rCtl, port.portId(), 0, INITIATOR_ID, type, 0x290008, 0, 0, 0, oxId,
                0xFFFF, offset);
        ByteBuf frame = Unpooled.buffer();
        FcoeCodec.encodeSingle(frame, port.sourceMac(), MacAddress.vnPort(INITIATOR_ID), h, payload);
        port.receiveFcoe(inbound(frame));
    }

    /** An FCP_CMND IU of a READ(10) (0x28) or WRITE(10) (0x2A) with FCP_DL {@code length}. */
    static ByteBuf command(int opcode, int lba, int length) {
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
