package io.quiver.transport.fcoe.impl.port;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.quiver.transport.fcoe.impl.els.Els;
import io.quiver.transport.fcoe.impl.fip.FabricController;
import io.quiver.transport.fcoe.impl.frame.FcHeader;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Fabric mode against {@link TestFcf}: the target's FIP frames checked byte for byte against FC-BB-6's layouts
 * (discovery solicitation, FLOGI inside FIP with a zeroed MAC descriptor for FPMA, ENode and VN_Port
 * keep-alives) and the name server registration (PLOGI to FFFFFCh, RFT_ID, RFF_ID, SCR; FC-GS-7 CT_IU
 * layouts as Linux's {@code fc_ns.h}), the FCF of the best priority chosen, the granted port ID and MAC used for
 * FCoE frames (to the FCF's MAC), RSCN accepted, and a new login after Clear Virtual Links and after the FCF
 * goes silent.
 */
class FabricModeTest {

    static final long ENODE = TestInitiator.TARGET_MAC;
    static final String ENODE_HEX = "525400fc0e02";
    static final int PORT_ID = 0x010203;

    final TestInitiator initiator = new TestInitiator(0, true);
    final LocalPort port = initiator.port;
    final TestFcf slow = new TestFcf(0x0200000000a1L, 5);
    final TestFcf best = new TestFcf(0x0200000000b2L, 1);
    final List<Long> grantedMacs = new ArrayList<>();

    @AfterEach
    void release() {
        initiator.close();
    }

    private String last() {
        return ByteBufUtil.hexDump(initiator.sent.getLast());
    }

    private void fip(ByteBuf frame, long now) {
        port.receiveFip(initiator.inbound(frame), now);
    }

    /** Solicitation, two advertisements, FLOGI to the better FCF, its LS_ACC: the port is up at {@code now}. */
    private long login(long now) {
        assertEquals("011018010002" + ENODE_HEX + "8914" + "1000" + "0001" + "00" + "01" + "0006" + "8000"
                + "0202" + ENODE_HEX + "04030000" + "2000525400fc0e02" + "060105da", last(),
                "discovery solicitation: FPMA; MAC, node name, max FCoE size descriptors");
        fip(slow.advertisement(ENODE, true), now + 100);
        fip(best.advertisement(ENODE, true), now + 200);
        port.tick(now + 500);
        assertFalse(port.up());
        port.tick(now + FabricController.SELECT_WAIT);
        String flogi = last();
        assertEquals("0200000000b2" + ENODE_HEX + "8914" + "1000" + "0002" + "00" + "01" + "0026" + "8000"
                + "07240000" + "22fffffe" + "00000000" + "01290000" + "00000000" + "0f10ffff" + "00000000"
                + "04000000", flogi.substring(0, 2 * (24 + 4 + 24 + 4)), "FLOGI inside FIP to the priority-1 FCF");
        assertEquals("1000525400fc0e02" + "2000525400fc0e02",
                flogi.substring(2 * (24 + 4 + 24 + 20), 2 * (24 + 4 + 24 + 36)), "WWPN and WWNN in the FLOGI");
        assertTrue(flogi.endsWith("0202" + "000000000000"), "FPMA: the MAC descriptor is zero");
        fip(best.flogiAccept(ENODE, 0x0f10, PORT_ID), now + 1100);
        port.tick(now + 1200);
        assertTrue(port.up());
        assertEquals(PORT_ID, port.portId());
        register();
        return now + 1200;
    }

    /** The FC header and payload of the last frame, after the FCoE encapsulation's 28 bytes. */
    private String lastFc(int payloadBytes) {
        return last().substring(2 * 28, 2 * (28 + 24 + payloadBytes));
    }

    /** PLOGI to the directory server, RFT_ID, RFF_ID and SCR, each answered by the FCF: golden requests. */
    private void register() {
        String from = "0200000000b2" + "0efc00010203" + "8906";
        assertTrue(last().startsWith(from), "to the FCF from the granted MAC");
        assertEquals("22fffffc" + "00010203" + "01290000" + "00000000" + "0f21ffff" + "00000000" + "03000000",
                lastFc(4), "PLOGI to the directory server");
        answer();
        assertEquals("02fffffc" + "00010203" + "20290000" + "00000000" + "0f22ffff" + "00000000"
                + "01000000" + "fc020000" + "02170000" + "00000000" + "00010203" + "00000100" + "0".repeat(56),
                lastFc(52), "RFT_ID: FC-4 type FCP");
        answer();
        assertEquals("02fffffc" + "00010203" + "20290000" + "00000000" + "0f23ffff" + "00000000"
                + "01000000" + "fc020000" + "021f0000" + "00000000" + "00010203" + "00000108", lastFc(24),
                "RFF_ID: FCP target");
        answer();
        assertEquals("22fffffd" + "00010203" + "01290000" + "00000000" + "0f24ffff" + "00000000"
                + "62000000" + "00000003", lastFc(8), "SCR: full registration");
        answer();
        assertEquals(NameServerRegistration.Step.DONE, port.registration());
    }

    private void answer() {
        try {
            port.receiveFcoe(initiator.inbound(best.answer(initiator.sent.getLast(), true)));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void discoveryLoginKeepAlivesAndFcoeFramesThroughTheFcf() throws Exception {
        port.onPortMac(grantedMacs::add);
        port.start(0);
        long now = login(0);
        assertEquals(List.of(TestFcf.grantedMac(PORT_ID)), grantedMacs, "the granted MAC is announced (unicast filter)");

        // the initiator's PLOGI arrives through the FCF; the LS_ACC goes to the FCF's MAC from the granted MAC
        assertEquals(Els.LS_ACC, initiator.els(initiator.request(0x12), initiator.serviceParameters(Els.PLOGI))
                .getUnsignedByte(0));
        assertTrue(last().startsWith("0200000000b2" + "0efc00010203" + "8906"), last().substring(0, 40));
        assertEquals(0x21, initiator.els(initiator.request(0x13), TestInitiator.prli()).getUnsignedByte(6));

        // RSCN from the fabric controller, which has no port login with us: accepted
        FcHeader rscn = new FcHeader(FcHeader.R_CTL_ELS_REQ, PORT_ID, 0, 0xFFFFFD, FcHeader.TYPE_ELS, 0x290000, 0, 0, 0,
                0x77, 0xFFFF, 0);
        assertEquals("02000000", ByteBufUtil.hexDump(initiator.els(rscn, Unpooled.buffer().writeInt(0x61040008)
                .writeInt(0x00010101))));

        // ENode keep-alive every FKA_ADV_Period, VN_Port keep-alive every 90 s, while the FCF advertises
        int enodeKeepAlives = 0;
        int portKeepAlives = 0;
        for (long t = now + 1000; t <= now + 95_000; t += 1000) {
            if (t % 8000 < 1000) {
                fip(best.advertisement(ENODE, false), t);
            }
            int before = initiator.sent.size();
            port.tick(t);
            for (ByteBuf b : initiator.sent.subList(before, initiator.sent.size())) {
                String hex = ByteBufUtil.hexDump(b);
                if (hex.equals("0200000000b2" + ENODE_HEX + "8914" + "1000" + "0003" + "0001" + "0002" + "8000"
                        + "0202" + ENODE_HEX)) {
                    enodeKeepAlives++;
                } else if (hex.equals("0200000000b2" + "0efc00010203" + "8914" + "1000" + "0003" + "0001" + "0007"
                        + "8000" + "0202" + ENODE_HEX + "0b05" + "0efc00010203" + "00" + "010203" + "1000525400fc0e02")) {
                    portKeepAlives++;
                } else {
                    throw new AssertionError("unexpected frame " + hex);
                }
            }
        }
        assertEquals(11, enodeKeepAlives, "one each 8 s over 94 s");
        assertEquals(1, portKeepAlives, "one after 90 s");
        assertTrue(port.up());

        // Clear Virtual Links for another port ID: nothing; for ours: logins end, discovery again
        fip(best.clearVirtualLinks(ENODE, 0x1000525400fc0e02L, 0x010204), now + 96_000);
        assertTrue(port.up());
        assertTrue(port.loggedIn(TestInitiator.INITIATOR_ID));
        fip(best.clearVirtualLinks(ENODE, 0x1000525400fc0e02L, 0x010204, PORT_ID), now + 96_500);
        assertFalse(port.up());
        assertFalse(port.loggedIn(TestInitiator.INITIATOR_ID), "the virtual link took the logins with it");
        login(now + 97_000);
        initiator.assertTsharkClean("fabric", "Solicitation", "Advertisement", "FLOGI", "Keep-Alive",
                "Clear Virtual Link", "ACC (PLOGI)", "RFT_ID", "RFF_ID", "SCR");
    }

    @Test
    void rejectedOrUnansweredRegistrationStartsOver() throws Exception {
        port.start(0);
        long now = login(0);
        fip(best.clearVirtualLinks(ENODE, 0x1000525400fc0e02L), now + 100); // no Vx_Port ID: every link
        assertFalse(port.up());
        port.tick(now + 200);
        assertEquals(NameServerRegistration.Step.IDLE, port.registration());
        fip(best.advertisement(ENODE, true), now + 300);
        port.tick(now + 1300);
        fip(best.flogiAccept(ENODE, 0x0f10, PORT_ID), now + 1400);
        port.tick(now + 1500);
        assertEquals(NameServerRegistration.Step.PLOGI, port.registration());
        answer();
        port.receiveFcoe(initiator.inbound(best.answer(initiator.sent.getLast(), false))); // RFT_ID rejected
        assertEquals(NameServerRegistration.Step.PLOGI, port.registration(), "from the start");
        port.tick(now + 1500 + NameServerRegistration.TIMEOUT);
        assertEquals(NameServerRegistration.Step.PLOGI, port.registration());
        assertTrue(lastFc(4).startsWith("22fffffc"), "the unanswered PLOGI sent again");
    }

    @Test
    void silentFcfMeansNewDiscoveryAndARejectedFlogiTriesAgain() {
        port.start(0);
        long now = login(0);
        int before = initiator.sent.size();
        port.tick(now + 19_000); // 2.5 × 8 s = 20 s without an advertisement is not yet too long
        assertTrue(port.up());
        port.tick(now + 20_500);
        assertFalse(port.up(), "the FCF is gone");
        assertTrue(last().startsWith("011018010002"), "a new discovery solicitation");
        assertTrue(initiator.sent.size() > before);
        fip(best.advertisement(ENODE, true), now + 20_600);
        port.tick(now + 21_600);
        fip(best.flogiReject(ENODE, 0x0f10), now + 21_700);
        assertFalse(port.up());
        port.tick(now + 21_700 + FabricController.SOLICIT_INTERVAL);
        assertTrue(last().startsWith("011018010002"), "solicits again after the reject");
    }
}
