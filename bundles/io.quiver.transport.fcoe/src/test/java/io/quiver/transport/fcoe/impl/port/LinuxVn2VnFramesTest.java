package io.quiver.transport.fcoe.impl.port;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.quiver.spi.target.ScsiTarget;
import io.quiver.transport.fcoe.impl.fip.Fip;
import io.quiver.transport.fcoe.impl.fip.FipFrame;
import io.quiver.transport.fcoe.impl.frame.MacAddress;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Golden VN2VN frames as Linux 6.1's libfcoe sent them to this target in FcoeGuestIT (captured by
 * {@link PcapWriter}, bytes unchanged), and the frames this port must answer with. Regressions of what the real
 * initiator showed: its claims carry the FC-4 features descriptor as type 15 (we rejected them as an unknown
 * critical descriptor), it listens on ALL-VN2VN-ENODE-MACs 01:10:18:01:00:04 (we sent to ...:01), and VN_Port
 * MACs are 0E:FD:00 + port ID (we used 0E:FC:00).
 */
class LinuxVn2VnFramesTest {

    /** Claim notification of Linux's ENode 52:54:00:fc:0e:01, VN_Port 000e01, WWPN 20:00:52:54:00:fc:0e:01. */
    static final String LINUX_CLAIM = "011018010004525400fc0e018914100000050003003400000202525400fc0e0104030000"
            + "1000525400fc0e010b050efd00000e0100000e012000525400fc0e010f2900000000010000000001" + "00".repeat(24)
            + "0000000000000002" + "00".repeat(120) + "060105da";
    /** Linux's beacon from its VN_Port MAC. */
    static final String LINUX_BEACON = "0110180100040efd00000e018914100000050005000a00000202525400fc0e0104030000"
            + "1000525400fc0e010b050efd00000e0100000e012000525400fc0e01";
    static final long LINUX_MAC = 0x525400fc0e01L;
    static final long TARGET_WWPN = 0x1000525400fc0e10L;

    final List<ByteBuf> sent = new ArrayList<>();
    final LocalPort port = new LocalPort("t", 0xce5eba2e19e1L, TARGET_WWPN, 0x2000ce5eba2e19e1L, 1500, sent::add,
            (ScsiTarget) null);

    @AfterEach
    void release() {
        sent.forEach(ByteBuf::release);
    }

    private static ByteBuf frame(String hex) {
        return Unpooled.wrappedBuffer(ByteBufUtil.decodeHexDump(hex));
    }

    @Test
    void linuxClaimIsDecoded() throws Exception {
        FipFrame f = FipFrame.decode(frame(LINUX_CLAIM));
        assertTrue(f.completeVn2Vn());
        assertEquals(MacAddress.ALL_VN2VN, f.destination());
        assertEquals(0x000e01, f.portId());
        assertEquals(0x2000525400fc0e01L, f.portName());
        assertEquals(MacAddress.vnPort(0x000e01), f.vnMac(), "Linux's VN_Port MAC is 0E:FD:00 + port ID");
        assertEquals(1498, f.fcoeSize());
    }

    @Test
    void linuxClaimGetsClaimResponseAndBeaconIsKnown() throws Exception {
        port.start(0);
        port.tick(1000);
        port.tick(2000);
        assertTrue(port.up());
        for (ByteBuf b : sent) {
            assertEquals(MacAddress.ALL_VN2VN, FipFrame.decode(b).destination(), "probe, claim and beacon to ALL-VN2VN");
        }
        int before = sent.size();
        port.receiveFip(frame(LINUX_CLAIM), 3000);
        assertEquals(0, port.dropped(), "Linux's claim dropped");
        assertEquals(before + 1, sent.size(), "one claim response");
        ByteBuf response = sent.getLast();
        FipFrame r = FipFrame.decode(response);
        assertEquals(Fip.SC_CLAIM_RESPONSE, r.subcode());
        assertEquals(LINUX_MAC, r.destination());
        assertEquals(0x0efd00000e10L, r.vnMac());
        // MAC, name, VN_Port ID descriptors (8 + 12 + 20 bytes) after the 24-byte headers, then FC-4 features.
        assertEquals(Fip.DT_FC4F, response.getUnsignedByte(24 + 40));
        assertEquals(15, Fip.DT_FC4F);
        port.tick(3300);
        ByteBuf beacon = sent.getLast();
        assertEquals(Fip.SC_BEACON, FipFrame.decode(beacon).subcode());
        assertEquals(0x0efd00000e10L, MacAddress.read(beacon, 6), "beacon from our VN_Port MAC");
        int count = sent.size();
        port.receiveFip(frame(LINUX_BEACON), 3400);
        assertEquals(count, sent.size(), "a known neighbour's beacon needs no new claim");
        assertEquals(0, port.dropped());
    }
}
